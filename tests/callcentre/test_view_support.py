"""
The support page in the admin, through the test client: reachable from the member
list, in Indonesian, read-only for view-only staff, closed to everyone else, and
each action reporting what happened.
"""

from datetime import timedelta

import pytest
import time_machine
from django.test import Client
from django.urls import reverse

from accounts.core.clients import Client as Origin
from accounts.models import LimitWaiver, Member, SecurityEvent
from accounts.recovery.reset import request_reset

from .conftest import lock_out, reason_data, seed_codes, staff_with, support_url

# The page says "pukul 12.30" for a time later today and adds the date for one
# after midnight: these tests read the former.
midday_wib = time_machine.travel("2026-11-26 05:00 +0000", tick=True)

MEMBERS = reverse("admin:accounts_member_changelist")
CODES = reverse("admin:accounts_verificationcode_changelist")


def messages_of(response) -> str:
    return " ".join(str(message) for message in response.context["messages"])


def test_member_list_links_each_row_to_its_support_page(agent_browser, member):
    page = agent_browser.get(MEMBERS).text
    assert f'href="{support_url(member)}"' in page
    assert ">Bantuan</a>" in page


def test_member_found_by_nik_is_one_click_from_support(
    agent_browser, member, member_factory
):
    other = member_factory()
    page = agent_browser.get(MEMBERS, {"q": member.nik}).text
    assert support_url(member) in page and support_url(other) not in page


def test_member_list_shows_until_when_a_member_is_locked(agent_browser, member):
    lock_out(member)
    page = agent_browser.get(MEMBERS).text
    assert (
        "Terkunci sampai" in page
        and "icon-no.svg" not in page.split("jmo-locked")[1][:200]
    )


def test_member_list_shows_a_dash_for_a_member_not_locked(agent_browser, member):
    page = agent_browser.get(MEMBERS, {"q": member.email}).text
    row = page.split(member.email, 2)[2]
    assert "Terkunci sampai" not in page
    assert '<td class="field-locked">—</td>' in row


def test_member_change_page_links_to_support(agent_browser, member):
    page = agent_browser.get(reverse("admin:accounts_member_change", args=[member.pk]))
    assert support_url(member) in page.text


@midday_wib
def test_support_page_answers_in_indonesian(agent_browser, member):
    lock_out(member, ip="203.0.113.5")
    seed_codes(member, 5, timedelta(minutes=35))
    page = agent_browser.get(support_url(member)).text
    assert "Tidak: akun terkunci sampai pukul" in page
    assert "203.0.113.5 (5×)" in page
    assert "Batas per jam tercapai: 5 kode dalam 1 jam terakhir." in page
    assert "Login gagal (kata sandi salah) dari 203.0.113.5" in page
    assert "Akun dikunci 30 menit" in page


def test_support_page_offers_the_actions_that_apply(agent_browser, member):
    lock_out(member)
    seed_codes(member, 5, timedelta(minutes=35))
    page = agent_browser.get(support_url(member)).text
    assert support_url(member, "unlock") in page
    assert support_url(member, "send_code") in page
    assert support_url(member, "lift_limit") in page
    assert support_url(member, "data_updated") not in page  # the data is up to date


def test_view_only_staff_sees_the_answers_but_no_action(viewer_browser, member):
    lock_out(member)
    response = viewer_browser.get(support_url(member))
    assert response.status_code == 200
    assert "Tidak: akun terkunci" in response.text
    assert '<form method="post"' not in response.text.split('id="content-main"')[1]


@pytest.mark.parametrize(
    "action", ["send_code", "unlock", "lift_limit", "data_updated"]
)
def test_view_only_staff_cannot_act(viewer_browser, member, action, mailoutbox):
    lock_out(member)
    data = reason_data({"unlock": "unlock", "lift_limit": "lift"}.get(action, "data"))
    response = viewer_browser.post(support_url(member, action), data)
    assert response.status_code == 403
    assert not SecurityEvent.objects.exclude(kind__in=["login_failed", "locked"])
    assert mailoutbox == []


def test_agent_cannot_act_on_another_staff_account(agent_browser, member_factory):
    colleague = staff_with(member_factory, "rekan@bpjs.example", [])
    lock_out(colleague)
    response = agent_browser.post(
        support_url(colleague, "unlock"), reason_data("unlock")
    )
    assert response.status_code == 403
    colleague.refresh_from_db()
    assert colleague.locked_until is not None


def test_member_without_staff_status_is_sent_to_the_admin_login(client, member):
    client.force_login(member)
    response = client.get(support_url(member))
    assert response.status_code == 302 and "/admin/login/" in response.url


def test_anonymous_post_changes_nothing(client, member):
    lock_out(member)
    response = client.post(support_url(member, "unlock"), reason_data("unlock"))
    assert response.status_code == 302 and "/admin/login/" in response.url
    member.refresh_from_db()
    assert member.locked_until is not None


def test_unknown_member_is_not_found(agent_browser, db):
    response = agent_browser.get(
        reverse("admin:accounts_member_support", args=[999999])
    )
    assert response.status_code == 404


def test_action_is_post_only(agent_browser, member):
    assert agent_browser.get(support_url(member, "send_code")).status_code == 405


def test_action_without_the_csrf_token_is_refused(agent, member, mailoutbox):
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(agent)
    response = browser.post(support_url(member, "send_code"))
    assert response.status_code == 403 and mailoutbox == []


def test_send_code_reports_that_it_is_on_its_way(agent_browser, member, mailoutbox):
    response = agent_browser.post(support_url(member, "send_code"), follow=True)
    assert "Kode sedang dikirim ke s***@example.com" in messages_of(response)
    assert mailoutbox[-1].to == [member.email]


def test_send_code_never_shows_the_code(agent_browser, member, mailoutbox):
    response = agent_browser.post(support_url(member, "send_code"), follow=True)
    code = [
        line.strip()
        for line in mailoutbox[-1].body.splitlines()
        if line.strip().isdigit()
    ]
    assert code and code[0] not in response.text


@midday_wib
def test_send_code_past_the_hourly_cap_says_why_and_when(
    agent_browser, member, mailoutbox
):
    seed_codes(member, 5, timedelta(minutes=35))
    response = agent_browser.post(support_url(member, "send_code"), follow=True)
    text = messages_of(response)
    assert text.startswith("Tidak dikirim: batas per jam tercapai, bisa lagi pukul ")
    assert mailoutbox == []


def test_lift_limit_needs_a_reason(agent_browser, member):
    seed_codes(member, 5, timedelta(minutes=35))
    response = agent_browser.post(support_url(member, "lift_limit"), follow=True)
    assert response.redirect_chain[-1][0] == support_url(member)
    assert messages_of(response) == "Pilih alasan."
    assert not LimitWaiver.objects.exists()


def test_other_reason_needs_an_explanation(agent_browser, member):
    data = reason_data("lift", reason="other", note="  ")
    response = agent_browser.post(support_url(member, "lift_limit"), data, follow=True)
    assert "Tuliskan alasannya" in messages_of(response)
    assert not LimitWaiver.objects.exists()


def test_made_up_reason_is_refused_without_an_error_page(agent_browser, member):
    data = reason_data("lift", reason="<script>")
    response = agent_browser.post(support_url(member, "lift_limit"), data, follow=True)
    assert response.status_code == 200 and not LimitWaiver.objects.exists()
    assert messages_of(response) == "Pilih alasan dari daftar."


def test_lift_limit_then_send_reports_the_code_on_its_way(
    agent_browser, member, mailoutbox
):
    seed_codes(member, 5, timedelta(minutes=35))
    lifted = agent_browser.post(
        support_url(member, "lift_limit"), reason_data("lift"), follow=True
    )
    assert "Batas dibuka sekali" in messages_of(lifted)
    sent = agent_browser.post(support_url(member, "send_code"), follow=True)
    assert "Kode sedang dikirim ke s***@example.com" in messages_of(sent)
    assert "Kode dikirim ke s***@example.com" in sent.text


def test_mark_data_updated_in_one_step(agent_browser, member_factory):
    member = member_factory(eligible=False)
    response = agent_browser.post(
        support_url(member, "data_updated"), reason_data("data"), follow=True
    )
    assert "Data ditandai sudah diperbarui" in messages_of(response)
    member.refresh_from_db()
    assert member.data_updated_at is not None


def test_unlock_from_the_support_page(agent_browser, agent, member):
    lock_out(member)
    response = agent_browser.post(
        support_url(member, "unlock"), reason_data("unlock"), follow=True
    )
    assert "Kunci akun dibuka" in messages_of(response)
    assert "Ya: peserta bisa login." in response.text
    assert SecurityEvent.objects.get(kind="unlocked").actor == agent


def test_second_unlock_says_nothing_changed(agent_browser, member):
    lock_out(member)
    agent_browser.post(support_url(member, "unlock"), reason_data("unlock"))
    response = agent_browser.post(
        support_url(member, "unlock"), reason_data("unlock"), follow=True
    )
    assert "Akun tidak terkunci; tidak ada perubahan." in messages_of(response)


def test_code_list_status_is_in_indonesian(client, member_factory, member):
    client.force_login(member_factory(is_staff=True, is_superuser=True))
    request_reset(member.email, Origin())
    page = client.get(CODES).text
    assert '<td class="field-status">Aktif</td>' in page or ">aktif<" in page


def test_action_dropdown_has_no_english_placeholder(agent_browser, member):
    page = agent_browser.get(MEMBERS).text
    assert "Select an option" not in page and "- Pilih salah satu -" in page


def test_admin_pages_carry_the_jmo_stylesheet_and_nothing_inline(agent_browser, member):
    page = agent_browser.get(support_url(member)).text
    assert "admin-jmo/css/admin.css" in page
    assert " style=" not in page and "<style" not in page


def test_support_page_of_a_member_with_no_history(agent_browser, member_factory):
    member = member_factory(nik="", kpj_number="")
    page = agent_browser.get(support_url(member)).text
    assert "Ya: peserta bisa login." in page
    assert "Ya: kode reset bisa dikirim sekarang." in page


def test_events_name_the_operator_who_acted(agent_browser, agent, member):
    lock_out(member)
    agent_browser.post(support_url(member, "unlock"), reason_data("unlock"))
    page = agent_browser.get(support_url(member)).text
    assert agent.full_name in page
    assert Member.objects.get(pk=member.pk).locked_until is None


def test_bulk_send_action_reports_each_members_real_outcome(
    agent_browser, member, member_factory, mailoutbox
):
    capped = member_factory(email="penuh@example.com")
    seed_codes(capped, 5, timedelta(minutes=35))
    data = {"action": "send_reset_codes", "_selected_action": [member.pk, capped.pk]}
    response = agent_browser.post(MEMBERS, data, follow=True)
    text = messages_of(response)
    assert "penuh@example.com: Tidak dikirim: batas per jam tercapai" in text
    assert "Kode reset sedang dikirim: 1." in text
    assert [mail.to for mail in mailoutbox] == [[member.email]]


def test_note_with_a_nul_character_is_refused_without_an_error_page(
    agent_browser, member
):
    lock_out(member)
    data = reason_data("unlock", reason="other", note="\x00abc")
    response = agent_browser.post(support_url(member, "unlock"), data, follow=True)
    assert response.status_code == 200
    member.refresh_from_db()
    assert member.locked_until is not None


def test_member_number_too_large_for_the_database_is_not_found(agent_browser, db):
    url = "/admin/accounts/member/99999999999999999999999/support/"
    assert agent_browser.get(url).status_code == 404
    assert agent_browser.post(url + "send-code/").status_code == 404
