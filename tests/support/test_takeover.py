"""
An attacker's walk through Pemulihan Akun: nobody gets into someone else's account
without the registered address being told and the waiting period passing, and no
operator moves an account alone or for themselves.
"""

from datetime import timedelta
from io import StringIO

from django.core.management import call_command
from django.tasks import default_task_backend
from django.utils import timezone

from accounts.models import SecurityEvent
from support import decisions
from support.decisions import Decision
from support.models import RecoveryRequest

from .helpers import NEW_EMAIL, ORIGIN, approve, make_request

PAST_WAIT = timedelta(hours=25)
DUMMY_TASKS = {"default": {"BACKEND": "django.tasks.backends.dummy.DummyBackend"}}


def test_operator_cannot_approve_a_request_for_their_own_account(registered):
    request = make_request(registered, age=PAST_WAIT)
    registered.is_staff = True
    registered.save(update_fields=["is_staff"])
    assert approve(request, registered) is Decision.OWN_REQUEST
    assert not request.approvals.exists()


def test_operator_cannot_approve_a_request_to_their_own_address(
    registered, operator_factory
):
    request = make_request(registered, age=PAST_WAIT)
    insider = operator_factory("insider@bpjs.example")
    request.new_email = insider.email.upper()
    request.save(update_fields=["new_email"])
    assert approve(request, insider) is Decision.OWN_REQUEST
    assert not request.approvals.exists()


def test_one_operator_alone_never_moves_an_account(registered, first_operator):
    request = make_request(registered, age=PAST_WAIT)
    approve(request, first_operator)
    assert decisions.apply(request.pk, first_operator, ORIGIN) is Decision.NOT_READY
    registered.refresh_from_db()
    assert registered.email == "lama@example.com"


def test_account_whose_email_changed_after_the_request_is_not_moved(
    registered, first_operator, second_operator
):
    """The address told of the request is no longer the account's: its owner
    (who evidently reads it) was never asked."""
    request = make_request(registered, age=PAST_WAIT)
    registered.email = "pindah@example.com"
    registered.save()
    approve(request, first_operator)
    assert approve(request, second_operator) is Decision.ADDRESS_CHANGED
    registered.refresh_from_db()
    assert registered.email == "pindah@example.com"


def test_approvals_inside_the_wait_schedule_the_apply_for_its_end(
    registered, first_operator, second_operator, settings
):
    settings.TASKS = DUMMY_TASKS
    request = make_request(registered, age=timedelta(hours=2))
    approve(request, first_operator)
    approve(request, second_operator)
    scheduled = [
        result
        for result in default_task_backend.results
        if result.task.name == "apply_when_due"
    ]
    assert len(scheduled) == 1
    assert scheduled[0].task.run_after == request.wait_until
    assert scheduled[0].args == [request.pk, second_operator.pk]


def test_the_scheduled_apply_moves_the_account_with_the_last_approver_as_actor(
    registered, first_operator, second_operator, clock
):
    request = make_request(registered, age=timedelta(hours=2))
    approve(request, first_operator)
    approve(request, second_operator)
    clock.shift(timedelta(hours=22))
    assert decisions.apply_when_due.call(request.pk, second_operator.pk) == "applied"
    registered.refresh_from_db()
    assert registered.email == NEW_EMAIL
    assert SecurityEvent.objects.get(kind="recovery_applied").actor == second_operator


def test_the_scheduled_apply_after_bukan_saya_changes_nothing(
    registered, first_operator, second_operator, clock
):
    request = make_request(registered, age=timedelta(hours=2))
    approve(request, first_operator)
    approve(request, second_operator)
    RecoveryRequest.objects.update(status="dibatalkan", decided_at=timezone.now())
    clock.shift(timedelta(hours=22))
    assert decisions.apply_when_due.call(request.pk, second_operator.pk) == "not_open"
    registered.refresh_from_db()
    assert registered.email == "lama@example.com"


def test_purgecodes_applies_a_due_request_whose_task_was_lost(
    registered, first_operator, second_operator, clock
):
    request = make_request(registered, age=timedelta(hours=2))
    approve(request, first_operator)
    approve(request, second_operator)
    clock.shift(timedelta(hours=21))
    call_command("purgecodes", stdout=StringIO())
    registered.refresh_from_db()
    assert registered.email == "lama@example.com"  # the wait is not over yet
    clock.shift(timedelta(hours=1))
    out = StringIO()
    call_command("purgecodes", stdout=out)
    registered.refresh_from_db()
    assert registered.email == NEW_EMAIL
    assert "1 approved requests applied" in out.getvalue()
