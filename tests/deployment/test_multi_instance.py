"""Two gunicorn instances and a worker: nothing may depend on one process's memory."""

import pytest

from tests.factories import ParticipantFactory
from tests.services import Browser, running_stack, wait_for_code, wait_for_mail

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def stack(tmp_path, smtp_inbox, settings):  # noqa: F811
    port = settings.MAILERS["default"]["OPTIONS"]["port"]
    with running_stack(tmp_path, smtp_inbox, port) as running:
        yield running


def test_two_instances_share_codes_sessions_and_throttles(stack, member_factory):
    (a, b), inbox, _ = stack
    member = member_factory(email="dua@example.com")
    person = Browser()

    status, url, _ = person.post(a + "/forgot-password/", {"email": member.email})
    assert url == a + "/forgot-password/code/"
    code = wait_for_code(inbox)  # sent by the worker, not by instance A

    status, url, _ = person.post(b + "/forgot-password/code/", {"code": code})
    assert url == b + "/forgot-password/new-password/"
    data = {"new_password1": "BPjs234", "new_password2": "BPjs234"}
    status, url, page = person.post(b + "/forgot-password/new-password/", data)
    assert "Success" in page

    person.post(a + "/login/", {"email": member.email, "password": "BPjs234"})
    _, home = person.get(b + "/")
    assert member.full_name in home  # the session started on A is valid on B

    stranger = Browser()
    statuses = [
        stranger.post(base + "/forgot-password/", {"email": "x@example.com"})[0]
        for base in (b, a, b)
    ]
    assert statuses == [200, 200, 429]  # 3 an hour from this IP, counted across both


def registration_form(participant, email):
    return {
        "nik": participant.nik,
        "kpj_number": participant.kpj_number,
        "date_of_birth": participant.date_of_birth.strftime("%d/%m/%Y"),
        "email": email,
        "new_password1": "Pakai001",
        "new_password2": "Pakai001",
    }


def test_a_worker_registers_on_one_instance_and_goes_on_on_the_other(
    stack, member_factory
):
    (a, b), inbox, _ = stack
    participant = ParticipantFactory(full_name="Agus Salim")
    person = Browser()
    data = registration_form(participant, "agus@example.com")
    status, url, _ = person.post(a + "/register/", data)
    assert url == a + "/email/verify/"
    code = wait_for_code(inbox)  # mailed by the worker through real SMTP
    assert inbox.messages[-1]["To"] == "agus@example.com"

    _, url, _ = person.post(b + "/email/verify/", {"code": code})
    assert url == b + "/account/data/"  # verified and logged in
    data = {"phone": "0812 3456 7890", "address": "Jl. Sudirman 1", "confirm": "on"}
    _, url, home = person.post(a + "/account/data/", data)
    assert url == a + "/" and "Agus Salim" in home

    inbox.messages.clear()
    stranger = Browser()
    stranger.post(b + "/forgot-password/", {"email": "agus@example.com"})
    code = wait_for_code(inbox)
    stranger.post(a + "/forgot-password/code/", {"code": code})
    data = {"new_password1": "BPjs234", "new_password2": "BPjs234"}
    _, _, page = stranger.post(b + "/forgot-password/new-password/", data)
    assert "Success" in page


def test_the_owner_of_a_used_address_is_mailed_by_the_worker(stack, member_factory):
    (a, _), inbox, _ = stack
    owner = member_factory(email="pemilik@example.com")
    participant = ParticipantFactory()
    data = registration_form(participant, owner.email)
    _, url, _ = Browser().post(a + "/register/", data)
    assert url == a + "/email/verify/"
    notice = wait_for_mail(inbox)
    assert notice["To"] == owner.email
    assert "Seseorang baru saja mencoba" in notice.get_body(("plain",)).get_content()
