"""
The task worker's claim on PostgreSQL (accounts/management/commands/db_worker.py): the
next ready task, in django_tasks_db's order, marked running by one worker only.
"""

from datetime import timedelta

import pytest
from django.db import connection
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from accounts.core.tasks import send_password_changed
from accounts.management.commands.db_worker import WakingWorker
from tests.concurrency import at_once

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]

TASKS_ON_POSTGRESQL = {
    "default": {
        "BACKEND": "django_tasks_db.DatabaseBackend",
        "QUEUES": ["default", "other"],
    }
}


@pytest.fixture(autouse=True)
def tasks_in_the_database(settings):
    assert connection.vendor == "postgresql", "run with DATABASE_URL=postgres://..."
    settings.TASKS = TASKS_ON_POSTGRESQL


def worker(name="w1", queues=("default",)) -> WakingWorker:
    return WakingWorker(
        queue_names=list(queues),
        interval=1,
        batch=False,
        backend_name="default",
        startup_delay=False,
        max_tasks=None,
        worker_id=name,
        excluded_queue_names=[],
    )


def test_a_claim_marks_the_task_running_by_this_worker():
    enqueued = send_password_changed.enqueue(1, "id")
    claim = worker().claim_ready_task()
    assert str(claim.task.pk) == enqueued.id
    assert not claim.more_ready
    stored = DBTaskResult.objects.get()
    assert stored.status == "RUNNING"
    assert stored.worker_ids == ["w1"]
    assert stored.started_at is not None
    assert worker().claim_ready_task().task is None  # nothing else is ready


def test_a_rerun_adds_its_worker_to_the_list():
    send_password_changed.enqueue(1, "id")
    worker("w1").claim_ready_task()
    DBTaskResult.objects.update(status="READY")  # as requeuetasks does
    worker("w2").claim_ready_task()
    assert DBTaskResult.objects.get().worker_ids == ["w1", "w2"]


def test_a_deferred_task_waits_for_its_time():
    later = timezone.now() + timedelta(minutes=5)
    send_password_changed.using(run_after=later).enqueue(1, "id")
    assert worker().claim_ready_task().task is None
    DBTaskResult.objects.update(run_after=timezone.now() - timedelta(seconds=1))
    assert worker().claim_ready_task().task is not None


def test_the_higher_priority_task_goes_first():
    send_password_changed.enqueue(1, "id")
    urgent = send_password_changed.using(priority=10).enqueue(2, "id")
    assert str(worker().claim_ready_task().task.pk) == urgent.id


def test_a_task_of_another_queue_is_left_alone():
    send_password_changed.using(queue_name="other").enqueue(1, "id")
    assert worker(queues=["default"]).claim_ready_task().task is None
    assert worker(queues=["*"]).claim_ready_task().task is not None


def test_workers_claiming_at_once_each_get_a_different_task():
    for member_pk in range(4):
        send_password_changed.enqueue(member_pk, "id")
    claimed = at_once(lambda i: worker(f"w{i}").claim_ready_task().task, 4)
    assert len({task.pk for task in claimed if task is not None}) == 4
    claims = [len(task.worker_ids) for task in DBTaskResult.objects.all()]
    assert claims == [1, 1, 1, 1]


def test_a_claim_says_when_another_task_is_ready_behind_it():
    send_password_changed.enqueue(1, "id")
    send_password_changed.enqueue(2, "id")
    first = worker().claim_ready_task()
    assert first.task is not None and first.more_ready
    second = worker().claim_ready_task()
    assert second.task is not None and not second.more_ready
    assert second.task.pk != first.task.pk
    assert worker().claim_ready_task() == (None, False)


def test_an_excluded_queue_is_left_alone():
    send_password_changed.using(queue_name="other").enqueue(1, "id")
    picky = worker(queues=["*"])
    picky.excluded_queue_names = ["other"]
    assert picky.claim_ready_task().task is None
    assert worker(queues=["*"]).claim_ready_task().task is not None


def test_a_claimed_task_runs_with_its_arguments_and_is_recorded_done():
    send_password_changed.enqueue(123456, "id")
    claimer = worker()
    claim = claimer.claim_ready_task()
    assert claim.task.args_kwargs == {"args": [123456, "id"], "kwargs": {}}
    claimer.run_task(claim.task)
    stored = DBTaskResult.objects.get()
    assert (stored.status, stored.return_value) == ("SUCCESSFUL", "unknown_member")
