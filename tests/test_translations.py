import subprocess
from pathlib import Path

PO_FILE = Path(__file__).resolve().parent.parent / "locale/id/LC_MESSAGES/django.po"


def test_every_message_has_an_indonesian_translation():
    result = subprocess.run(
        ["msgfmt", "--check", "--statistics", "-o", "/dev/null", str(PO_FILE)],
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stderr
    assert "fuzzy" not in result.stderr
    assert "untranslated" not in result.stderr
