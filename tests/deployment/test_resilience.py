"""Redis down, mail server down, and who the client is behind proxies."""

import logging
from datetime import timedelta

import pytest
import time_machine
from django.core.management import call_command
from django.db import OperationalError
from django.db.backends.base.base import BaseDatabaseWrapper
from django.test import RequestFactory
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from accounts.core.clients import client_ip
from accounts.models import Member, SecurityEvent, VerificationCode
from tests.journey import enter_code, log_in, register, request_code
from tests.services import TASKS_IN_DATABASE

LOCMEM_MAIL = {"default": {"BACKEND": "django.core.mail.backends.locmem.EmailBackend"}}
BROKEN_MAIL = {"default": {"BACKEND": "tests.mail.BrokenMailServer"}}


@pytest.fixture
def redis_down(settings):
    settings.CACHES = {
        "default": {
            "BACKEND": "accounts.core.redis_cache.RedisCache",
            "LOCATION": "redis://127.0.0.1:9/0",  # the discard port: nothing listens
            "OPTIONS": {"socket_connect_timeout": 0.2, "socket_timeout": 0.2},
        }
    }


def test_site_keeps_serving_when_redis_is_down(client, member, redis_down, caplog):
    with caplog.at_level(logging.WARNING, logger="accounts.core.throttle"):
        response = request_code(client, member.email)
    assert response.status_code == 302
    assert "Cache unavailable" in caplog.text


def test_per_member_limits_hold_when_redis_is_down(
    client, member, redis_down, mailoutbox
):
    request_code(client, member.email)
    for _ in range(5):
        enter_code(client, "000000")
    assert VerificationCode.objects.get().attempts == 5


def test_login_and_lockout_work_when_redis_is_down(client, member, redis_down):
    assert log_in(client, member.email, "Lama1234").status_code == 302


# The worker closes database connections between tasks: the data must be committed.
@pytest.mark.django_db(transaction=True)
def test_failed_mail_is_retried_with_back_off_and_delivered(
    client, member, settings, mailoutbox
):
    settings.TASKS = TASKS_IN_DATABASE
    settings.MAILERS = BROKEN_MAIL
    with time_machine.travel(timezone.now(), tick=False) as clock:
        response = request_code(client, member.email)
        assert response.status_code == 302  # the same page, mail server or not
        call_command("db_worker", "--batch", "--no-startup-delay", verbosity=0)
        assert SecurityEvent.objects.filter(kind="code_failed").count() == 1
        assert not VerificationCode.objects.exists()  # the undelivered code is gone
        retry = DBTaskResult.objects.get(status="READY")
        assert retry.run_after == timezone.now() + timedelta(seconds=15)
        # The address, the client, the device cookie's member (none) and the attempt.
        args = [member.email, "127.0.0.1", "", "id", None, 1]
        assert retry.args_kwargs["args"] == args
        settings.MAILERS = LOCMEM_MAIL
        clock.shift(timedelta(seconds=16))
        call_command("db_worker", "--batch", "--no-startup-delay", verbosity=0)
    assert len(mailoutbox) == 1
    assert SecurityEvent.objects.filter(kind="code_sent").count() == 1


@pytest.mark.django_db(transaction=True)
def test_no_queued_task_holds_the_code(client, member, settings, monkeypatch):
    monkeypatch.setattr("accounts.core.codes.secrets.randbelow", lambda _: 123456)
    settings.TASKS = TASKS_IN_DATABASE
    settings.MAILERS = BROKEN_MAIL  # a code is issued, then a retry is queued
    request_code(client, member.email)
    call_command("db_worker", "--batch", "--no-startup-delay", verbosity=0)
    stored = list(DBTaskResult.objects.values_list("args_kwargs", "return_value"))
    assert len(stored) == 2
    assert "123456" not in str(stored)


def request_from(remote, forwarded=None):
    headers = {"HTTP_X_FORWARDED_FOR": forwarded} if forwarded else {}
    return RequestFactory().get("/", REMOTE_ADDR=remote, **headers)


def test_forwarded_header_is_ignored_without_trusted_proxies(settings):
    settings.NUM_PROXIES = 0
    assert client_ip(request_from("10.0.0.1", "203.0.113.5")) == "10.0.0.1"


def test_client_ip_is_taken_from_the_trusted_proxy(settings):
    settings.NUM_PROXIES = 1
    request = request_from("10.0.0.1", "1.2.3.4, 203.0.113.5")
    assert client_ip(request) == "203.0.113.5"  # 1.2.3.4 is the client's own claim


def test_forged_or_short_forwarded_header_falls_back_to_remote_addr(settings):
    settings.NUM_PROXIES = 2
    assert client_ip(request_from("10.0.0.1", "203.0.113.5")) == "10.0.0.1"
    assert client_ip(request_from("10.0.0.1", "nonsense, 10.0.0.2")) == "10.0.0.1"


def test_database_outage_gets_a_friendly_503_and_the_site_recovers(
    client, member, monkeypatch
):
    def unreachable(self):
        raise OperationalError("connection refused")

    with monkeypatch.context() as outage:
        outage.setattr(BaseDatabaseWrapper, "ensure_connection", unreachable)
        response = log_in(client, member.email, "Lama1234")
    assert response.status_code == 503
    assert response["Retry-After"] == "30"
    assert "Layanan sedang tidak tersedia" in response.text
    assert "Traceback" not in response.text
    assert log_in(client, member.email, "Lama1234").status_code == 302


@pytest.mark.django_db(transaction=True)
def test_no_queued_task_holds_a_password_or_an_email_code(
    client, participant, settings, monkeypatch
):
    monkeypatch.setattr("accounts.core.codes.secrets.randbelow", lambda _: 654321)
    settings.TASKS = TASKS_IN_DATABASE
    settings.MAILERS = BROKEN_MAIL  # the code mail fails, so a retry is queued too
    register(client, participant, "rina@example.com", password="Rahasia99")
    call_command("db_worker", "--batch", "--no-startup-delay", verbosity=0)
    stored = str(list(DBTaskResult.objects.values_list("args_kwargs", "return_value")))
    assert "open_account" in str(DBTaskResult.objects.values_list("task_path"))
    assert "Rahasia99" not in stored and "654321" not in stored
    opened = Member.objects.get(email="rina@example.com")
    assert opened.password in stored  # the account is opened from the hash alone
