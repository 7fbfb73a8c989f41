"""
Staff act under their own name and cannot raise their own rights: every change an
operator makes to a member is an event with the operator as actor, and the member
(both addresses, for an email change) is told by email.
"""

import pytest
from django.contrib.auth.models import Group, Permission
from django.test import Client
from django.utils import timezone

from accounts.models import Member, SecurityEvent

MEMBERS = "/admin/accounts/member/"
OPERATOR_SUBJECT = "Petugas BPJS Ketenagakerjaan mengubah akun JMO Anda"


@pytest.fixture
def agent(member_factory):
    """Staff with "change member" only, as a call-centre agent has."""
    agent = member_factory(email="agen@bpjs.example", is_staff=True)
    codenames = ["view_member", "change_member", "view_securityevent"]
    agent.user_permissions.set(Permission.objects.filter(codename__in=codenames))
    return agent


@pytest.fixture
def agent_browser(agent):
    browser = Client()
    browser.force_login(agent)
    return browser


@pytest.fixture
def boss(member_factory):
    boss = member_factory(email="bos@bpjs.example", is_staff=True)
    Member.objects.filter(pk=boss.pk).update(is_superuser=True)
    boss.refresh_from_db()
    return boss


def change_page(member):
    return f"{MEMBERS}{member.pk}/change/"


def split(moment) -> tuple[str, str]:
    """A date-time as the admin's two inputs show it."""
    if moment is None:
        return "", ""
    local = timezone.localtime(moment)
    return local.strftime("%Y-%m-%d"), local.strftime("%H:%M:%S")


def member_form(member, **changes):
    """The change form as the admin shows it for `member`, with `changes`."""
    verified, updated = split(member.email_verified_at), split(member.data_updated_at)
    data = {
        "email": member.email,
        "full_name": member.full_name,
        "nik": member.nik,
        "kpj_number": member.kpj_number,
        "email_verified_at_0": verified[0],
        "email_verified_at_1": verified[1],
        "data_updated_at_0": updated[0],
        "data_updated_at_1": updated[1],
        "is_active": "on",
    }
    data.update(changes)
    return data


def operator_events(member):
    return SecurityEvent.objects.filter(member=member, kind="operator_change")


def test_an_agent_cannot_make_itself_superuser(agent_browser, agent):
    data = member_form(agent, is_staff="on", is_superuser="on")
    agent_browser.post(change_page(agent), data)
    agent.refresh_from_db()
    assert agent.is_staff and not agent.is_superuser


def test_an_agent_cannot_put_itself_in_a_group(agent_browser, agent):
    group = Group.objects.create(name="Supervisor")
    agent_browser.post(change_page(agent), member_form(agent, groups=[group.pk]))
    assert not agent.groups.exists()


def test_an_agent_cannot_change_another_staff_members_password(agent_browser, boss):
    page = f"{MEMBERS}{boss.pk}/password/"
    response = agent_browser.post(
        page, {"password1": "Ambil123", "password2": "Ambil123"}
    )
    assert response.status_code == 403
    boss.refresh_from_db()
    assert boss.check_password("Lama1234")


def test_an_agent_cannot_change_another_staff_members_email(agent_browser, boss):
    response = agent_browser.post(
        change_page(boss), member_form(boss, email="ambil@example.com")
    )
    assert response.status_code == 403
    boss.refresh_from_db()
    assert boss.email == "bos@bpjs.example"


def test_an_agent_does_not_see_the_groups(agent_browser):
    assert agent_browser.get("/admin/auth/group/").status_code == 403


def test_a_superuser_grants_staff_status(boss, member):
    browser = Client()
    browser.force_login(boss)
    browser.post(change_page(member), member_form(member, is_staff="on"))
    member.refresh_from_db()
    assert member.is_staff


def test_an_email_change_by_an_agent_is_recorded_and_told_to_both_addresses(
    agent_browser, agent, member, mailoutbox
):
    old = member.email
    agent_browser.post(
        change_page(member), member_form(member, email="baru@example.com")
    )
    event = operator_events(member).get()
    assert event.actor == agent and event.detail == f"email from {old}"
    told = sorted(message.to[0] for message in mailoutbox)
    assert told == sorted(["baru@example.com", old])
    assert all(message.subject == OPERATOR_SUBJECT for message in mailoutbox)


def test_an_eligibility_change_is_recorded_and_told(
    agent_browser, agent, member_factory, mailoutbox
):
    pending = member_factory(email="tertunda@example.com", eligible=False)
    data = member_form(
        pending, data_updated_at_0="2026-11-26", data_updated_at_1="09:00:00"
    )
    agent_browser.post(change_page(pending), data)
    event = operator_events(pending).get()
    assert event.actor == agent and event.detail == "data_updated"
    assert [m.to for m in mailoutbox] == [["tertunda@example.com"]]


def test_a_password_set_by_an_agent_is_recorded_and_told(
    agent_browser, agent, member, mailoutbox
):
    page = f"{MEMBERS}{member.pk}/password/"
    agent_browser.post(page, {"password1": "Ganti123", "password2": "Ganti123"})
    member.refresh_from_db()
    assert member.check_password("Ganti123")
    event = operator_events(member).get()
    assert event.actor == agent and event.detail == "password"
    assert "kata sandi baru sudah dibuat" in mailoutbox[-1].body


def test_a_code_sent_by_an_agent_is_the_agents_request(
    agent_browser, agent, member, mailoutbox
):
    data = {"action": "send_reset_codes", "_selected_action": [member.pk]}
    agent_browser.post(MEMBERS, data)
    request = SecurityEvent.objects.get(kind="code_requested")
    assert request.actor == agent
    assert len(mailoutbox) == 1


def test_an_unlock_by_an_agent_is_recorded_and_told(
    agent_browser, agent, member, mailoutbox, clock
):
    Member.objects.filter(pk=member.pk).update(locked_until="2100-01-01T00:00:00+07:00")
    data = {"action": "unlock_members", "_selected_action": [member.pk]}
    agent_browser.post(MEMBERS, data)
    assert SecurityEvent.objects.get(kind="unlocked").actor == agent
    assert operator_events(member).get().detail == "unlocked"
    assert "akun dibuka kembali" in mailoutbox[-1].body


def test_a_member_saving_nothing_new_records_nothing(agent_browser, member, mailoutbox):
    agent_browser.post(change_page(member), member_form(member))
    assert not operator_events(member).exists() and mailoutbox == []
