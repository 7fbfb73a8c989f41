"""
Starting a journey outside a transaction, as production does: the usual start is one
INSERT; a browser with a live journey of the flow falls back to the locked path, which
finds a duplicate or replaces the old journey. Transactional, so the INSERT that the
unique constraint refuses runs in autocommit on both databases.
"""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from accounts.core import journeys
from accounts.core.journeys import Outcome, Status
from accounts.models import Journey

pytestmark = pytest.mark.django_db(transaction=True)

BROWSER = journeys.session_hash("k" * 32)


def start(email):
    return journeys.start(BROWSER, "reset", "password_reset", email)


def test_the_first_start_is_one_insert():
    with CaptureQueriesContext(connection) as queries:
        step = start("siti@example.com")
    assert step.outcome is Outcome.STARTED
    assert [q["sql"].split()[0] for q in queries] == ["INSERT"]


def test_the_same_start_again_is_a_duplicate_of_the_first():
    first = start("siti@example.com").journey
    again = start("siti@example.com")
    assert again.outcome is Outcome.DUPLICATE and again.journey.pk == first.pk
    assert Journey.objects.count() == 1


def test_a_start_for_another_address_replaces_the_live_one():
    first = start("siti@example.com").journey
    second = start("budi@example.com")
    assert second.outcome is Outcome.STARTED and second.journey.pk != first.pk
    first.refresh_from_db()
    assert first.status == Status.REPLACED
    live = Journey.objects.filter(status__in=[Status.OPEN, Status.VERIFIED])
    assert list(live) == [second.journey]
