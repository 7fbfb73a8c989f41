from django.test import Client
from django.urls import reverse

from accounts.models import MemberSession, SecurityEvent
from accounts.selfservice.devices import describe
from tests.journey import HOME, LOGIN, log_in

DEVICES = reverse("accounts:devices")
END_OTHERS = reverse("accounts:end_other_devices")
ANDROID_CHROME = (
    "Mozilla/5.0 (Linux; Android 14; SM-A546E) AppleWebKit/537.36 "
    "(KHTML, like Gecko) Chrome/131.0 Mobile Safari/537.36"
)


def device(user_agent):
    return Client(HTTP_USER_AGENT=user_agent, REMOTE_ADDR="198.51.100.23")


def test_anonymous_visitor_is_sent_to_login(client):
    assert client.get(DEVICES).url.startswith(LOGIN)


def test_every_logged_in_device_is_listed_with_this_one_marked(member):
    phone, laptop = (
        device(ANDROID_CHROME),
        device("Mozilla/5.0 (Windows NT 10.0) Firefox/133.0"),
    )
    log_in(phone, member.email, "Lama1234")
    log_in(laptop, member.email, "Lama1234")
    page = laptop.get(DEVICES).text
    assert "Chrome · Android" in page and "Firefox · Windows" in page
    assert page.count("perangkat ini") == 1
    assert "198.51.100.23" in page


def test_session_keys_are_not_stored(member):
    phone = device(ANDROID_CHROME)
    log_in(phone, member.email, "Lama1234")
    stored = MemberSession.objects.get().session_key_hash
    assert stored != phone.session.session_key and len(stored) == 64


def test_ending_the_other_devices_keeps_this_one(member):
    phone, laptop = device(ANDROID_CHROME), device("Firefox/133.0")
    log_in(phone, member.email, "Lama1234")
    log_in(laptop, member.email, "Lama1234")
    response = laptop.post(END_OTHERS, follow=True)
    assert "Anda telah keluar dari perangkat lain." in response.text
    assert laptop.get(HOME).status_code == 200
    assert phone.get(HOME).url.startswith(LOGIN)
    assert MemberSession.objects.count() == 1
    assert SecurityEvent.objects.filter(kind="other_sessions_ended").exists()


def test_logout_removes_the_device(member):
    phone = device(ANDROID_CHROME)
    log_in(phone, member.email, "Lama1234")
    phone.post(reverse("accounts:logout"))
    assert not MemberSession.objects.exists()


def test_a_reset_removes_every_device(member, mailoutbox):
    from tests.journey import set_new_password, verify_by_email

    phone = device(ANDROID_CHROME)
    log_in(phone, member.email, "Lama1234")
    browser = Client()
    verify_by_email(browser, member.email, mailoutbox)
    set_new_password(browser, "BPjs234")
    assert not MemberSession.objects.exists()


def test_device_names_read_like_people_say_them():
    assert describe(ANDROID_CHROME) == "Chrome · Android"
    assert describe("Mozilla/5.0 (iPhone; CPU iPhone OS 18_0) Safari/604.1") == (
        "Safari · iPhone"
    )
    assert (
        describe("Mozilla/5.0 (Windows NT 10.0) Chrome/131 Edg/131") == "Edge · Windows"
    )
    assert describe("") == "?"
