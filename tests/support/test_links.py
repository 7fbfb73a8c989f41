"""The member pages of accounts link to Pemulihan Akun by its path (accounts never
imports support): the path must stay the support app's start page."""

from pathlib import Path

from django.urls import resolve

RECOVERY_PATH = "/pemulihan-akun/"
TEMPLATES = Path(__file__).resolve().parents[2] / "templates" / "accounts"


def test_the_path_the_member_pages_link_to_is_the_recovery_start_page():
    assert resolve(RECOVERY_PATH).view_name == "support:start"


def test_the_lost_mailbox_pages_link_to_it():
    for name in [
        "find_account.html",
        "account_found.html",
        "verify_code.html",
        "help.html",
    ]:
        assert f'href="{RECOVERY_PATH}"' in (TEMPLATES / name).read_text(), name
