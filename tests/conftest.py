import re

import pytest
import time_machine
from django.core.cache import cache
from django.utils import timezone

from jmo.settings import mailers_from_url

from .factories import MemberFactory, ParticipantFactory
from .mail import running_smtp_inbox

CODE_PATTERN = re.compile(r"^\s+(\d{6})\s*$", re.MULTILINE)


@pytest.fixture(autouse=True)
def fast_hasher(settings):
    """Argon2 is slow on purpose; tests/test_settings.py checks it stays first."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def plain_static_storage(settings):
    """The hashed manifest exists only after collectstatic, which tests don't run."""
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {
            "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        },
    }


@pytest.fixture(autouse=True)
def clear_cache():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def clock():
    """Frozen time that a test moves on with clock.shift(seconds or timedelta)."""
    with time_machine.travel(timezone.now(), tick=False) as traveller:
        yield traveller


@pytest.fixture
def member_factory(db):
    """Build members by keyword: member_factory(eligible=False, password=...)."""
    return MemberFactory


@pytest.fixture
def member(member_factory):
    return member_factory(email="siti@example.com", password="Lama1234")


@pytest.fixture
def participant(db):
    """A worker in the registry who has no account yet."""
    return ParticipantFactory(
        nik="3275011708900001", kpj_number="21000000001", full_name="Rina Wulandari"
    )


def read_code(mailbox) -> str:
    """The six-digit code from the last email sent, read as the member reads it."""
    match = CODE_PATTERN.search(mailbox[-1].body)
    assert match, f"no code in: {mailbox[-1].body!r}"
    return match.group(1)


@pytest.fixture
def smtp_inbox(settings):
    """Mail goes out over real SMTP to a server on this machine; its messages."""
    with running_smtp_inbox() as (inbox, port):
        settings.MAILERS = mailers_from_url(f"smtp://127.0.0.1:{port}")
        yield inbox


def pytest_collection_modifyitems(config, items):
    """The folders name the slow kinds: browser/ (Chromium), deployment/ (processes)."""
    for item in items:
        folder = item.path.parent.name
        if folder in ("browser", "deployment"):
            item.add_marker(getattr(pytest.mark, folder))
