from django.urls import reverse

from accounts.models import SecurityEvent
from support.models import RecoveryRequest

from .helpers import CANCEL_LINK, NEW_EMAIL


def cancel_path(mailoutbox) -> str:
    link = next(filter(None, (CANCEL_LINK.search(m.body) for m in mailoutbox)))
    return link.group(0)[link.group(0).index("/pemulihan-akun/") :]


def test_opening_the_link_cancels_nothing(
    submit, registered, participant, mailoutbox, client
):
    submit(participant)
    page = client.get(cancel_path(mailoutbox))
    assert page.status_code == 200 and page.context["result"] == "confirm"
    assert RecoveryRequest.objects.get().status == "baru"


def test_not_me_cancels_the_request(
    submit, registered, participant, mailoutbox, client
):
    submit(participant)
    response = client.post(cancel_path(mailoutbox))
    assert response.context["result"] == "cancelled"
    assert RecoveryRequest.objects.get().status == "dibatalkan"
    assert SecurityEvent.objects.get(kind="recovery_cancelled").member == registered


def test_not_me_tells_the_requester_at_the_new_address(
    submit, registered, participant, mailoutbox, client
):
    submit(participant)
    number = RecoveryRequest.objects.get().number
    client.post(cancel_path(mailoutbox))
    told = mailoutbox[-1]
    assert told.to == [NEW_EMAIL] and number in told.body
    assert "bukan dirinya" in told.body
    assert "lama@example.com" not in told.body


def test_not_me_twice_lands_where_once_did(
    submit, registered, participant, mailoutbox, client
):
    submit(participant)
    client.post(cancel_path(mailoutbox))
    response = client.post(cancel_path(mailoutbox))
    assert response.context["result"] == "cancelled"
    assert SecurityEvent.objects.filter(kind="recovery_cancelled").count() == 1
    assert [mail.to for mail in mailoutbox].count([NEW_EMAIL]) == 1


def test_decided_request_cannot_be_cancelled(
    submit, registered, participant, mailoutbox, client
):
    submit(participant)
    RecoveryRequest.objects.update(status="ditolak")
    response = client.post(cancel_path(mailoutbox))
    assert response.context["result"] == "not_open"
    assert RecoveryRequest.objects.get().status == "ditolak"


def test_made_up_token_finds_nothing(client, db):
    url = reverse("support:cancel", kwargs={"token": "made-up"})
    response = client.post(url)
    assert response.status_code == 200 and response.context["result"] == "unknown"
