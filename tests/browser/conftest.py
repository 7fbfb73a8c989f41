"""
Playwright's sync API driving Debian's Chromium against pytest-django's live server.
Screenshots of every step go to test-output/screenshots/<language>-<size>/.
"""

import os
from pathlib import Path

import pytest
from playwright.sync_api import sync_playwright

# The sync API runs an event loop in the test thread; Django's ORM calls there are
# safe because nothing else runs in it.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = "/usr/bin/chromium"
AXE_SOURCE = (Path(__file__).parent / "node_modules/axe-core/axe.min.js").read_text()
SCREENSHOTS = ROOT / "test-output" / "screenshots"
# Without these Chromium keeps calling home, and this network refuses it.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


@pytest.fixture(scope="session")
def browser():
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(
            executable_path=CHROMIUM, args=CHROMIUM_ARGS
        )
        yield chromium
        chromium.close()
