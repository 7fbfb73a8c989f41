import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

LOCALE = Path(__file__).resolve().parents[2] / "locale"
PO_ID = "locale/id/LC_MESSAGES/django.po"
IGNORED = shutil.ignore_patterns("__pycache__", "*.mo")


@pytest.mark.parametrize("language", ["id", "en"])
def test_every_message_is_translated(language):
    po_file = LOCALE / language / "LC_MESSAGES" / "django.po"
    result = subprocess.run(
        ["msgfmt", "--check", "--statistics", "-o", "/dev/null", str(po_file)],
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stderr
    assert "fuzzy" not in result.stderr
    assert "untranslated" not in result.stderr


def test_the_catalogues_hold_every_message_of_the_code(tmp_path):
    """makemessages on a copy of the project must find nothing new to translate."""
    root = LOCALE.parent
    for part in ["manage.py", "jmo", "accounts", "support", "templates", "locale"]:
        source = root / part
        if source.is_dir():
            shutil.copytree(source, tmp_path / part, ignore=IGNORED)
        else:
            shutil.copy(source, tmp_path / part)
    subprocess.run(
        [sys.executable, "manage.py", "makemessages", "-l", "id", "--no-location"],
        cwd=tmp_path,
        env={**os.environ, "DEBUG": "1"},
        check=True,
        capture_output=True,
    )
    result = subprocess.run(
        ["msgfmt", "--check", "--statistics", "-o", "/dev/null", PO_ID],
        cwd=tmp_path,
        capture_output=True,
        text=True,
    )
    assert "untranslated" not in result.stderr, result.stderr
    assert "fuzzy" not in result.stderr, result.stderr
