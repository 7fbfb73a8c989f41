"""Every operator command: success, each bad input, exit codes."""

import getpass
import os
import subprocess
import sys
from datetime import timedelta
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse
from django.utils import timezone

from accounts.core.clients import Client
from accounts.login.authentication import log_in
from accounts.models import (
    Journey,
    Member,
    Participant,
    SecurityEvent,
    VerificationCode,
)
from accounts.recovery import reset
from accounts.recovery.reset import request_reset
from accounts.registration import register as registration

ROOT = Path(__file__).resolve().parents[2]


def run(*args):
    out = StringIO()
    call_command(*args, stdout=out)
    return out.getvalue()


# createmember


def test_createmember_creates_an_eligible_member(db):
    output = run(
        "createmember", "Ani@Example.com", "--name", "Ani", "--password", "BPjs234"
    )
    member = Member.objects.get()
    assert "Created member ani@example.com" in output
    assert member.is_eligible_for_reset and member.check_password("BPjs234")


def test_createmember_reads_the_password_from_stdin(db, monkeypatch):
    monkeypatch.setattr("sys.stdin", StringIO("Pakai001\n"))
    run("createmember", "ani@example.com")
    assert Member.objects.get().check_password("Pakai001")


def test_createmember_can_create_a_member_who_is_not_eligible(db):
    run("createmember", "ani@example.com", "--password", "BPjs234", "--not-eligible")
    assert not Member.objects.get().is_eligible_for_reset


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        (["bukan-email", "--password", "BPjs234"], "email"),
        (["ani@example.com", "--password", "pakai001"], "huruf besar"),
        (["ani@example.com", "--password", "BPjs234", "--nik", "123"], "16 digit"),
    ],
)
def test_createmember_refuses_bad_input(db, arguments, message):
    with pytest.raises(CommandError, match=message):
        run("createmember", *arguments)
    assert not Member.objects.exists()


def test_createmember_refuses_a_taken_email(member):
    with pytest.raises(CommandError, match="sudah ada"):
        run("createmember", "SITI@example.com", "--password", "BPjs234")


# unlockmember


def test_unlockmember_unlocks_and_records(member):
    for _ in range(5):
        log_in(member.email, "Salah123", Client())
    assert "Unlocked siti@example.com" in run("unlockmember", "siti@example.com")
    member.refresh_from_db()
    assert member.locked_until is None
    assert SecurityEvent.objects.get(kind="unlocked").detail == "command"


def test_unlockmember_refuses_an_unknown_email(db):
    with pytest.raises(CommandError, match="No member"):
        run("unlockmember", "nobody@example.com")


# sendresetcode


def test_sendresetcode_sends_a_code_through_the_normal_path(member, mailoutbox):
    output = run("sendresetcode", member.email)
    assert output.strip() == "siti@example.com: code_sent"
    assert len(mailoutbox) == 1
    assert SecurityEvent.objects.get(kind="code_requested").user_agent == (
        f"manage.py sendresetcode by {getpass.getuser()}"
    )


def test_sendresetcode_reports_the_limits(member, mailoutbox):
    run("sendresetcode", member.email)
    assert "code_cooldown" in run("sendresetcode", member.email)
    assert len(mailoutbox) == 1


def test_sendresetcode_refuses_an_unknown_email(db):
    with pytest.raises(CommandError, match="No member"):
        run("sendresetcode", "nobody@example.com")


# purgecodes


def test_purgecodes_deletes_old_codes_and_events_only(member, settings):
    request_reset(member.email, Client())
    old = timezone.now() - timedelta(days=2)
    VerificationCode.objects.update(created_at=old, expires_at=old)
    request_reset(member.email, Client())  # a fresh code, kept
    ancient = timezone.now() - timedelta(days=366)
    event = SecurityEvent.objects.first()
    SecurityEvent.objects.filter(pk=event.pk).update(created_at=ancient)
    output = run("purgecodes")
    assert "Deleted 1 verification codes" in output and "1 security events" in output
    assert VerificationCode.objects.count() == 1
    assert not SecurityEvent.objects.filter(pk=event.pk).exists()


def test_purgecodes_deletes_journeys_a_day_old(member):
    reset.start_reset("browser", member.email, Client())
    Journey.objects.update(created_at=timezone.now() - timedelta(days=1, seconds=1))
    reset.start_reset("another-browser", member.email, Client())
    assert "and 1 journeys" in run("purgecodes")
    assert Journey.objects.get().session_key_hash == "another-browser"


def test_purgecodes_dry_run_deletes_nothing(member):
    request_reset(member.email, Client())
    VerificationCode.objects.update(created_at=timezone.now() - timedelta(days=2))
    assert "Would delete 1 verification codes" in run("purgecodes", "--dry-run")
    assert VerificationCode.objects.count() == 1


def registered_days_ago(participant, days, email="rina@gmial.com"):
    """An account "Daftar" opened `days` ago, never verified, never logged in."""
    dob = participant.date_of_birth
    registration.register(
        "browser",
        participant.nik,
        participant.kpj_number,
        dob,
        email,
        "Pakai001",
        Client(),
    )
    joined = timezone.now() - timedelta(days=days)
    Member.objects.filter(nik=participant.nik).update(date_joined=joined)
    return Member.objects.get(nik=participant.nik)


def test_purgecodes_releases_accounts_never_verified_after_the_set_days(
    participant, mailoutbox
):
    account = registered_days_ago(participant, 7, email="rina@gmial.com")
    output = run("purgecodes")
    assert "and 1 unverified accounts (older than 7 days)" in output
    assert not Member.objects.filter(pk=account.pk).exists()
    event = SecurityEvent.objects.get(kind="unverified_removed")
    assert event.email == "rina@gmial.com" and "purgecodes" in event.user_agent


def test_purgecodes_keeps_unverified_accounts_younger_than_the_set_days(
    participant, mailoutbox, settings
):
    settings.JMO_UNVERIFIED_ACCOUNT_DAYS = 3
    registered_days_ago(participant, 2)
    assert "and 0 unverified accounts (older than 3 days)" in run("purgecodes")
    assert Member.objects.filter(nik=participant.nik).exists()


def test_purgecodes_keeps_an_old_account_that_logged_in(
    client, participant, mailoutbox
):
    account = registered_days_ago(participant, 30)
    client.post(
        reverse("accounts:login"), {"email": account.email, "password": "Pakai001"}
    )
    assert Member.objects.get(pk=account.pk).last_login is not None
    run("purgecodes")
    assert Member.objects.filter(pk=account.pk).exists()


def test_purgecodes_keeps_an_old_account_with_a_verified_email(participant, mailoutbox):
    account = registered_days_ago(participant, 30)
    Member.objects.filter(pk=account.pk).update(email_verified_at=timezone.now())
    run("purgecodes")
    assert Member.objects.filter(pk=account.pk).exists()


def test_purgecodes_keeps_accounts_an_operator_made(db):
    run("createmember", "ani@example.com", "--password", "BPjs234", "--not-eligible")
    Member.objects.update(date_joined=timezone.now() - timedelta(days=30))
    run("purgecodes")
    assert Member.objects.filter(email="ani@example.com").exists()


def test_after_the_release_the_participant_can_register_with_the_right_address(
    participant, mailoutbox
):
    registered_days_ago(participant, 8)
    run("purgecodes")
    outcome = registration.register(
        "another-browser",
        participant.nik,
        participant.kpj_number,
        participant.date_of_birth,
        "rina@gmail.com",
        "Pakai001",
        Client(),
    )
    assert outcome.error == ""
    assert Member.objects.get(nik=participant.nik).email == "rina@gmail.com"


def test_purgecodes_dry_run_counts_but_keeps_unverified_accounts(
    participant, mailoutbox
):
    registered_days_ago(participant, 8)
    assert "and 1 unverified accounts" in run("purgecodes", "--dry-run")
    assert Member.objects.filter(nik=participant.nik).exists()


# seeddemo


def test_seeddemo_creates_members_sharing_one_password(db):
    assert "Created 50 demo members" in run("seeddemo", "--members", "50")
    assert Member.objects.count() == 50
    demo = Member.objects.get(email="demo49@example.com")
    assert demo.is_eligible_for_reset and demo.check_password("Pakai001")


def test_seeddemo_twice_keeps_the_existing_members(db):
    run("seeddemo", "--members", "10")
    assert "Created 5 demo members" in run("seeddemo", "--members", "15")


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        (["--members", "0"], "at least 1"),
        (["--members", "3", "--password", "abc"], "pendek"),
    ],
)
def test_seeddemo_refuses_bad_input(db, arguments, message):
    with pytest.raises(CommandError, match=message):
        run("seeddemo", *arguments)


# securityreport


def test_securityreport_counts_events_ips_and_locks(member):
    for _ in range(5):
        log_in(member.email, "Salah123", Client(ip="192.0.2.50"))
    output = run("securityreport", "--days", "1")
    assert "login_failed           5" in output
    assert "192.0.2.50" in output
    assert "Locked accounts now: 1" in output and member.email in output


def test_securityreport_refuses_zero_days(db):
    with pytest.raises(CommandError, match="at least 1"):
        run("securityreport", "--days", "0")


# From a shell, as an operator runs them


def test_bad_input_exits_non_zero_with_one_line_and_no_traceback(tmp_path):
    env = {**os.environ, "DEBUG": "1", "DATABASE_URL": f"sqlite:///{tmp_path}/db"}

    def manage(*args):
        command = [sys.executable, "manage.py", *args]
        return subprocess.run(
            command, cwd=ROOT, env=env, capture_output=True, text=True
        )

    manage("migrate", "-v0")
    result = manage("unlockmember", "nobody@example.com")
    assert result.returncode == 1
    assert result.stderr.strip().splitlines() == [
        "CommandError: No member with the email 'nobody@example.com'."
    ]


@pytest.mark.parametrize(
    "command",
    [
        "createmember",
        "unlockmember",
        "sendresetcode",
        "purgecodes",
        "seeddemo",
        "securityreport",
        "requeuetasks",
    ],
)
def test_every_command_has_help(command):
    out = StringIO()
    with pytest.raises(SystemExit):
        call_command(command, "--help", stdout=out)


def test_seeddemo_can_create_members_who_are_not_eligible(db):
    run("seeddemo", "--members", "3", "--not-eligible")
    pending = Member.objects.get(email="pending2@example.com")
    assert not pending.is_eligible_for_reset


# requeuetasks


@pytest.mark.django_db(transaction=True)
def test_requeuetasks_queues_only_tasks_running_too_long(member, settings):
    from django_tasks_db.models import DBTaskResult

    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    request_reset(member.email, Client())
    request_reset("other@example.com", Client())
    old, recent = DBTaskResult.objects.order_by("enqueued_at")
    old.claim("dead-worker")
    DBTaskResult.objects.filter(pk=old.pk).update(
        started_at=timezone.now() - timedelta(minutes=10)
    )
    recent.claim("live-worker")
    assert "Queued 1 stranded tasks again." in run("requeuetasks")
    assert DBTaskResult.objects.get(pk=old.pk).status == "READY"
    assert DBTaskResult.objects.get(pk=recent.pk).status == "RUNNING"


def test_requeuetasks_refuses_a_negative_age(db):
    with pytest.raises(CommandError, match="negative"):
        run("requeuetasks", "--older-than", "-1")


# demomember


def test_demomember_gives_a_member_to_log_in_and_a_participant_to_register(
    db, mailoutbox
):
    output = run("demomember")
    assert "budi.santoso@example.com / Pakai001" in output
    assert "NIK 3174015708950002, KPJ 19000000002, born 17/08/1995" in output
    assert log_in("budi.santoso@example.com", "Pakai001", Client()).member
    sri = Participant.objects.get(nik="3174015708950002")
    registration.register(
        "browser-of-sri",
        sri.nik,
        sri.kpj_number,
        sri.date_of_birth,
        "sri@example.com",
        "Pakai001",
        Client(),
    )
    assert Member.objects.get(email="sri@example.com").nik == sri.nik
    assert "(already registered)" in run("demomember")
    assert Member.objects.filter(email="budi.santoso@example.com").count() == 1
