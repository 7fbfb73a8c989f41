import re

import pytest
from django.core.cache import cache

from .factories import MemberFactory

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
def member_factory(db):
    """Build members by keyword: member_factory(eligible=False, password=...)."""
    return MemberFactory


@pytest.fixture
def member(member_factory):
    return member_factory(email="siti@example.com", password="Lama1234")


def read_code(mailbox) -> str:
    """The six-digit code from the last email sent, read as the member reads it."""
    match = CODE_PATTERN.search(mailbox[-1].body)
    assert match, f"no code in: {mailbox[-1].body!r}"
    return match.group(1)
