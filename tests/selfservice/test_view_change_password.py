from django.test import Client
from django.urls import reverse

from accounts.models import SecurityEvent
from tests.journey import HOME, LOGIN, log_in

CHANGE = reverse("accounts:change_password")


def change(client, current, new, repeat=None):
    data = {
        "current_password": current,
        "new_password1": new,
        "new_password2": repeat or new,
    }
    return client.post(CHANGE, data)


def refused(client, response, page):
    """A refused POST answers with a redirect to its page, whose GET shows why."""
    assert response.status_code == 302 and response.url == page
    return client.get(page)


def test_anonymous_visitor_is_sent_to_login(client):
    assert client.get(CHANGE).url.startswith(LOGIN)


def test_page_asks_for_the_current_and_the_new_password_twice(client, member):
    client.force_login(member)
    page = client.get(CHANGE).text
    assert 'autocomplete="current-password"' in page
    assert page.count('autocomplete="new-password"') == 2
    assert ">Ubah Kata Sandi</button>" in page


def test_success_keeps_this_session_and_ends_the_others(client, member, mailoutbox):
    other_device = Client()
    log_in(other_device, member.email, "Lama1234")
    log_in(client, member.email, "Lama1234")
    response = change(client, "Lama1234", "BPjs234")
    assert response.url == HOME
    assert client.get(HOME).status_code == 200
    assert other_device.get(HOME).status_code == 302
    member.refresh_from_db()
    assert member.check_password("BPjs234")
    assert mailoutbox[-1].subject == "Kata sandi JMO Anda telah diubah"
    assert SecurityEvent.objects.filter(kind="password_changed", member=member).exists()


def test_wrong_current_password_is_refused_and_counted(client, member):
    client.force_login(member)
    response = change(client, "Salah123", "BPjs234")
    assert "Kata sandi saat ini tidak sesuai." in refused(client, response, CHANGE).text
    member.refresh_from_db()
    assert member.check_password("Lama1234") and member.failed_login_count == 1


def test_five_wrong_current_passwords_lock_the_account(client, member):
    client.force_login(member)
    for _ in range(5):
        response = change(client, "Salah123", "BPjs234")
    assert "Akun Anda dikunci sementara" in refused(client, response, CHANGE).text
    response = change(client, "Lama1234", "BPjs234")
    assert "Akun Anda dikunci sementara" in refused(client, response, CHANGE).text
    member.refresh_from_db()
    assert member.check_password("Lama1234")


def test_weak_new_password_is_explained(client, member):
    client.force_login(member)
    response = change(client, "Lama1234", "pakai001")
    page = refused(client, response, CHANGE).text
    assert '<li data-rule="upper" class="rule-broken">' in page


def test_mismatch_is_explained(client, member):
    client.force_login(member)
    response = change(client, "Lama1234", "BPjs234", "BPjs235")
    assert "Kedua kata sandi tidak sama." in refused(client, response, CHANGE).text
