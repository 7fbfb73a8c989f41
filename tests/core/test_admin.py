"""The admin as the call centre uses it, with the test client as a staff user."""

import pytest
from django.contrib.auth.models import Permission
from django.urls import reverse

from accounts.core.clients import Client as Origin
from accounts.login.authentication import log_in
from accounts.models import Member, SecurityEvent, VerificationCode
from accounts.recovery.reset import request_reset

MEMBERS = reverse("admin:accounts_member_changelist")
CODES = reverse("admin:accounts_verificationcode_changelist")
EVENTS = reverse("admin:accounts_securityevent_changelist")


@pytest.fixture
def staff(member_factory):
    """A call-centre agent: staff with the app's view and change permissions."""
    agent = member_factory(email="agent@bpjs.example", is_staff=True)
    codenames = [
        "view_member",
        "change_member",
        "view_verificationcode",
        "view_securityevent",
    ]
    agent.user_permissions.set(Permission.objects.filter(codename__in=codenames))
    return agent


@pytest.fixture
def agent_client(client, staff):
    client.force_login(staff)
    return client


@pytest.fixture
def locked_member(member_factory):
    locked = member_factory(email="terkunci@example.com", kpj_number="11223344556")
    for _ in range(5):
        log_in(locked.email, "Salah123", Origin(ip="192.0.2.9"))
    return locked


def run_action(client, action, *members):
    data = {"action": action, "_selected_action": [m.pk for m in members]}
    return client.post(MEMBERS, data, follow=True)


def test_site_names_jmo_in_indonesian(agent_client):
    page = agent_client.get(reverse("admin:index")).text
    assert "Administrasi JMO" in page


def test_member_found_by_kpj(agent_client, locked_member, member):
    page = agent_client.get(MEMBERS, {"q": "11223344556"}).text
    assert locked_member.email in page and member.email not in page


def test_locked_filter_lists_only_locked_members(agent_client, locked_member, member):
    page = agent_client.get(MEMBERS, {"locked": "yes"}).text
    assert locked_member.email in page and member.email not in page


def test_email_verified_filter(agent_client, member, member_factory):
    pending = member_factory(email="belum@example.com", eligible=False)
    page = agent_client.get(MEMBERS, {"email_verified": "no"}).text
    assert pending.email in page and member.email not in page


def test_member_page_shows_why_the_account_is_locked(agent_client, locked_member):
    url = reverse("admin:accounts_member_change", args=[locked_member.pk])
    page = agent_client.get(url).text
    assert "akun dikunci" in page  # the "locked" event, in Indonesian
    assert "192.0.2.9" in page
    assert 'name="failed_login_count"' not in page  # read-only, not an input


def test_unlock_action_unlocks_and_records(agent_client, locked_member):
    response = run_action(agent_client, "unlock_members", locked_member)
    assert "1 akun dibuka kuncinya." in response.text
    locked_member.refresh_from_db()
    assert locked_member.locked_until is None
    event = SecurityEvent.objects.get(kind="unlocked")
    assert event.member == locked_member and event.actor.email == "agent@bpjs.example"


def test_send_code_action_mails_the_member_but_never_shows_the_code(
    agent_client, member, mailoutbox
):
    response = run_action(agent_client, "send_reset_codes", member)
    assert len(mailoutbox) == 1 and mailoutbox[0].to == [member.email]
    code = [
        line.strip()
        for line in mailoutbox[0].body.splitlines()
        if line.strip().isdigit()
    ]
    assert code and code[0] not in response.text


def test_mark_email_verified_action(agent_client, member_factory):
    pending = member_factory(eligible=False)
    run_action(agent_client, "mark_emails_verified", pending)
    pending.refresh_from_db()
    assert pending.email_verified_at is not None
    assert SecurityEvent.objects.filter(kind="email_verified", member=pending).exists()


def test_admin_password_change_enforces_the_rule(client, member_factory, member):
    client.force_login(member_factory(is_staff=True, is_superuser=True))
    url = reverse("admin:auth_user_password_change", args=[member.pk])
    url = url.replace("auth/user", "accounts/member")
    response = client.post(url, {"password1": "pakai001", "password2": "pakai001"})
    assert "huruf besar" in response.text
    member.refresh_from_db()
    assert member.check_password("Lama1234")


def test_admin_add_member_enforces_the_rule(client, member_factory):
    client.force_login(member_factory(is_staff=True, is_superuser=True))
    data = {
        "email": "baru@example.com",
        "full_name": "Baru",
        "usable_password": "true",
        "password1": "Pk01",
        "password2": "Pk01",
    }
    response = client.post(reverse("admin:accounts_member_add"), data)
    assert "Kata sandi terlalu pendek" in response.text
    assert not Member.objects.filter(email="baru@example.com").exists()


def test_code_list_shows_status_and_never_the_hash(agent_client, member):
    request_reset(member.email, Origin())
    code = VerificationCode.objects.get()
    page = agent_client.get(CODES).text
    assert '<td class="field-status">aktif</td>' in page  # in Indonesian
    assert code.code_hash not in page
    detail = agent_client.get(
        reverse("admin:accounts_verificationcode_change", args=[code.pk])
    )
    assert code.code_hash not in detail.text


def test_codes_cannot_be_added_changed_or_deleted(client, member_factory, member):
    client.force_login(member_factory(is_staff=True, is_superuser=True))
    request_reset(member.email, Origin())
    code = VerificationCode.objects.get()
    assert client.get(reverse("admin:accounts_verificationcode_add")).status_code == 403
    change = reverse("admin:accounts_verificationcode_change", args=[code.pk])
    client.post(change, {"attempts": 0, "purpose": "password_reset"})
    delete = reverse("admin:accounts_verificationcode_delete", args=[code.pk])
    assert client.post(delete, {"post": "yes"}).status_code == 403
    assert VerificationCode.objects.get().code_hash == code.code_hash


def test_events_are_read_only_even_for_a_superuser(
    client, member_factory, locked_member
):
    client.force_login(member_factory(is_staff=True, is_superuser=True))
    event = SecurityEvent.objects.first()
    delete = reverse("admin:accounts_securityevent_delete", args=[event.pk])
    assert client.post(delete, {"post": "yes"}).status_code == 403
    assert client.get(reverse("admin:accounts_securityevent_add")).status_code == 403
    page = client.get(EVENTS).text
    assert 'value="delete_selected"' not in page


def test_events_searchable_by_ip_and_email(agent_client, locked_member, member):
    log_in(member.email, "Salah123", Origin(ip="198.51.100.1"))
    by_ip = agent_client.get(EVENTS, {"q": "192.0.2.9"}).text
    assert locked_member.email in by_ip and member.email not in by_ip
    by_email = agent_client.get(EVENTS, {"q": member.email}).text
    assert "198.51.100.1" in by_email


def test_event_search_with_arbitrary_text_is_harmless(agent_client, db):
    assert agent_client.get(EVENTS, {"q": "'; DROP TABLE x; --"}).status_code == 200


def test_event_list_filters_by_kind(agent_client, locked_member):
    page = agent_client.get(EVENTS, {"kind__exact": "locked"}).text
    assert page.count("akun dikunci") >= 1 and "login gagal</td>" not in page


def test_staff_cannot_delete_members_but_a_superuser_can(
    agent_client, client, member, member_factory
):
    delete = reverse("admin:accounts_member_delete", args=[member.pk])
    assert agent_client.post(delete, {"post": "yes"}).status_code == 403
    agent_client.force_login(member_factory(is_staff=True, is_superuser=True))
    agent_client.post(delete, {"post": "yes"})
    assert not Member.objects.filter(pk=member.pk).exists()


def test_non_staff_member_is_refused(client, member):
    client.force_login(member)
    response = client.get(MEMBERS)
    assert response.status_code == 302 and "/admin/login/" in response.url


def test_admin_login_is_locked_like_a_member_login(client, member_factory):
    admin_user = member_factory(
        email="boss@example.com", is_staff=True, password="Bos12345"
    )
    login = reverse("admin:login")
    for _ in range(5):
        client.post(login, {"username": admin_user.email, "password": "Salah123"})
    client.post(login, {"username": admin_user.email, "password": "Bos12345"})
    assert "_auth_user_id" not in client.session
    assert SecurityEvent.objects.filter(kind="locked", member=admin_user).exists()


def test_admin_login_works_with_the_right_password(client, member_factory):
    admin_user = member_factory(
        email="boss@example.com", is_staff=True, password="Bos12345"
    )
    client.post(
        reverse("admin:login"), {"username": "Boss@Example.com", "password": "Bos12345"}
    )
    assert client.session["_auth_user_id"] == str(admin_user.pk)
