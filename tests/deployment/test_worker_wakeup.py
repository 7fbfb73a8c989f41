"""
The task worker on PostgreSQL is woken by the enqueue itself
(accounts/core/task_wakeup.py): these workers poll only every 10 minutes, so a mail
that arrives within the wait below came from a wake-up.
"""

import subprocess
import sys
from contextlib import contextmanager
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.db import connection, transaction
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from accounts.core.clients import Client
from accounts.core.task_wakeup import CHANNEL
from accounts.core.tasks import send_password_changed
from accounts.recovery.reset import request_reset
from tests.mail import running_smtp_inbox
from tests.services import (
    ROOT,
    TASKS_IN_DATABASE,
    shared_environment,
    wait_for,
    wait_for_mail,
)

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def listeners() -> list[int]:
    """The server processes of the connections that LISTEN for tasks."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT pid FROM pg_stat_activity WHERE datname = current_database() "
            "AND query = %s",
            [f"LISTEN {CHANNEL}"],
        )
        return [row[0] for row in cursor.fetchall()]


@contextmanager
def worker(tmp_path, interval="600"):
    """A real worker beside a real SMTP server; yields the inbox once it listens."""
    with running_smtp_inbox() as (inbox, port):
        env = shared_environment(tmp_path, port)
        command = [sys.executable, "manage.py", "db_worker", "--no-reload"]
        process = subprocess.Popen(
            [*command, "--interval", interval], cwd=ROOT, env=env
        )
        try:
            wait_for(listeners, "the worker to listen")
            yield inbox
        finally:
            process.terminate()
            process.wait(timeout=10)


def test_an_enqueued_task_wakes_the_worker(member, settings, tmp_path):
    settings.TASKS = TASKS_IN_DATABASE
    with worker(tmp_path) as inbox:
        request_reset(member.email, Client())
        wait_for_mail(inbox)
    assert [message["To"] for message in inbox.messages] == [member.email]


def test_tasks_enqueued_together_are_all_run_on_one_wake_up(
    member, member_factory, settings, tmp_path
):
    settings.TASKS = TASKS_IN_DATABASE
    others = [member_factory(email=f"lain{i}@example.com") for i in range(2)]
    members = [member, *others]
    with worker(tmp_path) as inbox:
        with transaction.atomic():  # one commit: the notices come in together
            for each in members:
                send_password_changed.enqueue(each.pk, "id")
        wait_for(lambda: len(inbox.messages) == len(members), "three mails")
    assert sorted(m["To"] for m in inbox.messages) == sorted(m.email for m in members)


def test_a_task_enqueued_while_the_worker_is_busy_wakes_it_after(
    member, member_factory, settings, tmp_path
):
    settings.TASKS = TASKS_IN_DATABASE
    other = member_factory(email="lain@example.com")
    with worker(tmp_path) as inbox:
        send_password_changed.enqueue(member.pk, "id")
        send_password_changed.enqueue(other.pk, "id")  # a commit of its own
        wait_for(lambda: len(inbox.messages) == 2, "both mails")
    assert DBTaskResult.objects.filter(status="SUCCESSFUL").count() == 2


def test_a_requeued_task_wakes_the_worker(member, settings, tmp_path):
    settings.TASKS = TASKS_IN_DATABASE
    send_password_changed.enqueue(member.pk, "id")
    DBTaskResult.objects.update(status="RUNNING", started_at=timezone.now())
    with worker(tmp_path) as inbox:
        call_command("requeuetasks", "--older-than", "0", verbosity=0)
        wait_for_mail(inbox)
    assert DBTaskResult.objects.get().status == "SUCCESSFUL"


def test_a_deferred_task_is_found_by_the_poll(member, settings, tmp_path):
    settings.TASKS = TASKS_IN_DATABASE
    with worker(tmp_path, interval="0.5") as inbox:
        soon = timezone.now() + timedelta(seconds=1)
        send_password_changed.using(run_after=soon).enqueue(member.pk, "id")
        wait_for_mail(inbox)
    assert DBTaskResult.objects.get().finished_at >= soon


def test_the_worker_listens_again_after_losing_its_listener(member, settings, tmp_path):
    settings.TASKS = TASKS_IN_DATABASE
    with worker(tmp_path) as inbox:
        (lost,) = listeners()
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_terminate_backend(%s)", [lost])
        wait_for(lambda: listeners() and listeners() != [lost], "a new listener")
        request_reset(member.email, Client())
        wait_for_mail(inbox)
    assert [message["To"] for message in inbox.messages] == [member.email]
