"""
Operators acting at once on the real PostgreSQL server: the request row lock makes
one decision of them.
"""

from datetime import timedelta

import pytest
from django.db import connection

from accounts.models import SecurityEvent
from support import objections
from support.decisions import Decision
from support.models import RecoveryRequest, hash_cancel_token
from support.objections import Objection
from tests.concurrency import at_once
from tests.conftest import CODE_PATTERN

from .helpers import NEW_EMAIL, ORIGIN, approve, make_request

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


@pytest.fixture(autouse=True)
def needs_postgres():
    assert connection.vendor == "postgresql", "run with DATABASE_URL=postgres://..."


def test_two_operators_approving_at_once_apply_it_once(
    registered, first_operator, second_operator, operator_factory, mailoutbox
):
    third = operator_factory("citra@bpjs.example")
    request = make_request(registered, age=timedelta(hours=25))
    approve(request, first_operator)
    late = [second_operator, third]
    outcomes = at_once(lambda i: approve(request, late[i]), count=2)
    assert sorted(outcomes) == sorted([Decision.APPLIED, Decision.NOT_OPEN])
    assert SecurityEvent.objects.filter(kind="recovery_applied").count() == 1
    registered.refresh_from_db()
    assert registered.email == NEW_EMAIL
    assert registered.session_epoch == 1
    to_new = [mail.body for mail in mailoutbox if mail.to == [NEW_EMAIL]]
    assert len([body for body in to_new if CODE_PATTERN.search(body)]) == 1


def test_bukan_saya_and_the_last_approval_at_once_never_both_win(
    registered, first_operator, second_operator
):
    request = make_request(registered, age=timedelta(hours=25))
    RecoveryRequest.objects.update(cancel_token_hash=hash_cancel_token("t0ken"))
    approve(request, first_operator)
    steps = [
        lambda: objections.cancel("t0ken", ORIGIN).outcome,
        lambda: approve(request, second_operator),
    ]
    cancelled, approved = at_once(lambda i: steps[i](), count=2)
    request.refresh_from_db()
    registered.refresh_from_db()
    if request.status == "dibatalkan":
        assert (cancelled, approved) == (Objection.CANCELLED, Decision.NOT_OPEN)
        assert registered.email == "lama@example.com"
    else:
        assert (cancelled, approved) == (Objection.NOT_OPEN, Decision.APPLIED)
        assert request.status == "disetujui" and registered.email == NEW_EMAIL
