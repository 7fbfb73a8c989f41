from datetime import timedelta

import pytest
from django.contrib.auth.models import Permission
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from accounts.core.clients import Client as Origin
from accounts.login.authentication import log_in
from accounts.models import VerificationCode


def staff_with(member_factory, email, codenames):
    agent = member_factory(email=email, full_name=email.split("@")[0].title())
    agent.is_staff = True
    agent.save(update_fields=["is_staff"])
    agent.user_permissions.set(Permission.objects.filter(codename__in=codenames))
    return agent


@pytest.fixture
def agent(member_factory):
    """A call-centre agent: may view and change members."""
    return staff_with(
        member_factory, "agen@bpjs.example", ["view_member", "change_member"]
    )


@pytest.fixture
def viewer(member_factory):
    """Staff who may only look at members."""
    return staff_with(member_factory, "lihat@bpjs.example", ["view_member"])


@pytest.fixture
def agent_browser(agent):
    browser = Client()
    browser.force_login(agent)
    return browser


@pytest.fixture
def viewer_browser(viewer):
    browser = Client()
    browser.force_login(viewer)
    return browser


def support_url(member, action=""):
    name = f"admin:accounts_member_support{'_' + action if action else ''}"
    return reverse(name, args=[member.pk])


def seed_codes(member, count, age, purpose="password_reset"):
    """`count` reset codes created `age` ago (a timedelta), already replaced."""
    created = timezone.now() - age
    VerificationCode.objects.bulk_create(
        VerificationCode(
            member=member,
            purpose=purpose,
            code_hash="0" * 64,
            sent_to=member.email,
            created_at=created,
            expires_at=created + timedelta(minutes=10),
            retired_at=created,
            retired_reason="replaced",
        )
        for _ in range(count)
    )


def lock_out(member, ip="203.0.113.5", times=5):
    for _ in range(times):
        log_in(member.email, "Salah123", Origin(ip=ip))


REASON = {"reason": "verified_by_phone", "note": ""}


def reason_data(prefix, reason="verified_by_phone", note=""):
    return {f"{prefix}-reason": reason, f"{prefix}-note": note}
