"""A task worker killed in the middle of sending: the mail still goes out, once."""

import os
import signal
import socket
import subprocess
import sys
import threading

import pytest
from aiosmtpd.controller import Controller
from django.core.management import call_command
from django_tasks_db.models import DBTaskResult

from accounts.core.clients import Client
from accounts.models import SecurityEvent
from accounts.recovery.reset import request_reset
from tests.mail import Inbox, free_port
from tests.services import ROOT, TASKS_IN_DATABASE, shared_environment, wait_for

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


class SilentServer:
    """Accepts SMTP connections and never answers: the worker hangs in its send."""

    def __init__(self, port):
        self.listener = socket.create_server(("127.0.0.1", port), reuse_port=True)
        self.connections = []
        threading.Thread(target=self.accept, daemon=True).start()

    def accept(self):
        try:
            while True:
                self.connections.append(self.listener.accept()[0])
        except OSError:
            pass  # closed

    def close(self):
        for connection in self.connections:
            connection.close()
        self.listener.shutdown(socket.SHUT_RDWR)  # wakes the accept() in its thread
        self.listener.close()


def test_killed_worker_mail_is_sent_once_after_requeue(member, settings, tmp_path):
    settings.TASKS = TASKS_IN_DATABASE
    port = free_port()
    env = shared_environment(tmp_path, port, EMAIL_TIMEOUT_SECONDS="30")
    worker = [
        sys.executable,
        "manage.py",
        "db_worker",
        "--no-reload",
        "--no-startup-delay",
    ]
    silent = SilentServer(port)
    request_reset(member.email, Client())

    hung = subprocess.Popen(worker, cwd=ROOT, env=env, stderr=subprocess.DEVNULL)
    wait_for(lambda: silent.connections, "the worker to start sending")
    os.kill(hung.pid, signal.SIGKILL)
    hung.wait(timeout=10)
    silent.close()
    assert DBTaskResult.objects.get().status == "RUNNING"  # stranded

    inbox = Inbox()
    server = Controller(inbox, hostname="127.0.0.1", port=port)
    server.start()
    try:
        call_command("requeuetasks", "--older-than", "0", verbosity=0)
        subprocess.run([*worker, "--batch"], cwd=ROOT, env=env, check=True, timeout=60)
        # Running the requeue and a worker again changes nothing more.
        call_command("requeuetasks", "--older-than", "0", verbosity=0)
        subprocess.run([*worker, "--batch"], cwd=ROOT, env=env, check=True, timeout=60)
    finally:
        server.stop()
    assert [message["To"] for message in inbox.messages] == [member.email]
    assert SecurityEvent.objects.filter(kind="code_sent").count() == 1


def test_a_rerun_after_the_mail_went_out_sends_nothing(member, settings, tmp_path):
    """The worker died after sending but before recording success: run it again."""
    settings.TASKS = TASKS_IN_DATABASE
    port = free_port()
    env = shared_environment(tmp_path, port)
    worker = [sys.executable, "manage.py", "db_worker", "--no-reload", "--batch"]
    request_reset(member.email, Client())
    inbox = Inbox()
    server = Controller(inbox, hostname="127.0.0.1", port=port)
    server.start()
    try:
        subprocess.run(worker, cwd=ROOT, env=env, check=True, timeout=60)
        DBTaskResult.objects.update(status="RUNNING")  # as a killed worker leaves it
        call_command("requeuetasks", "--older-than", "0", verbosity=0)
        subprocess.run(worker, cwd=ROOT, env=env, check=True, timeout=60)
    finally:
        server.stop()
    rerun = DBTaskResult.objects.get()
    assert len(rerun.worker_ids) == 2
    assert rerun.return_value == "already_sent"
    assert [message["To"] for message in inbox.messages] == [member.email]
