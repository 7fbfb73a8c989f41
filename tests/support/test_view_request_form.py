import re

from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from accounts.models import SecurityEvent
from support.models import RecoveryEmailProof, RecoveryImage, RecoveryRequest

from .helpers import CANCEL_LINK, NEW_EMAIL, identity_data, prove_email
from .photos import bomb_png, photo_bytes, upload


def test_request_is_stored_with_its_number_and_two_images(
    submit, registered, participant
):
    response = submit(participant)
    assert response.url == reverse("support:request_sent")
    stored = RecoveryRequest.objects.get()
    assert stored.member == registered and stored.status == "baru"
    assert stored.new_email == NEW_EMAIL
    assert RecoveryImage.objects.filter(request=stored).count() == 2


def test_sent_page_shows_the_request_number(proved, submit, registered, participant):
    submit(participant)
    page = proved.get(reverse("support:request_sent"))
    number = RecoveryRequest.objects.get().number
    assert number.startswith("PA-") and len(number) == 11
    assert number in page.content.decode()


def test_registered_address_is_told_at_once_with_the_masked_new_address(
    submit, registered, participant, mailoutbox
):
    submit(participant)
    notice = mailoutbox[-1]
    assert notice.to == ["lama@example.com"]
    assert "b***@example.net" in notice.body and NEW_EMAIL not in notice.body
    assert CANCEL_LINK.search(notice.body)


def test_mismatch_is_stored_without_a_member_and_mails_nothing(
    submit, registered, participant, mailoutbox
):
    response = submit(participant, kpj_number="99999999")
    assert response.url == reverse("support:request_sent")
    assert RecoveryRequest.objects.get().member is None
    assert mailoutbox == []


def test_participant_without_account_gets_the_same_page(
    proved, participant, mailoutbox
):
    url = reverse("support:request_form")
    response = proved.post(url, identity_data(participant), follow=True)
    assert response.redirect_chain[-1][0] == reverse("support:request_sent")
    assert RecoveryRequest.objects.get().member is None
    assert mailoutbox == []


def test_sent_page_shows_nothing_of_the_account(
    proved, submit, registered, participant
):
    submit(participant)
    page = proved.get(reverse("support:request_sent")).content.decode()
    assert "lama@example.com" not in page and "l***@example.com" not in page


CSRF_TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="[^"]+"')


def sent_page(browser, mailoutbox, data) -> str:
    prove_email(browser, mailoutbox)
    browser.post(reverse("support:request_form"), data)
    page = browser.get(reverse("support:request_sent")).content.decode()
    page = page.replace(RecoveryRequest.objects.latest("pk").number, "PA-X")
    return CSRF_TOKEN.sub("", page)


def test_sent_pages_are_the_same_with_and_without_an_account(
    db, registered, participant, mailoutbox
):
    matched = sent_page(Client(), mailoutbox, identity_data(participant))
    wrong = identity_data(participant, kpj_number="99999999")
    unmatched = sent_page(Client(), mailoutbox, wrong)
    assert matched == unmatched


def test_request_is_recorded(submit, registered, participant):
    submit(participant)
    event = SecurityEvent.objects.get(kind="recovery_requested")
    assert event.member == registered and event.email == NEW_EMAIL


def test_proof_serves_one_request(submit, registered, participant):
    submit(participant)
    submit(participant)
    assert RecoveryRequest.objects.count() == 1
    assert RecoveryEmailProof.objects.get().request is not None


def test_double_tap_lands_on_the_sent_page(submit, registered, participant):
    submit(participant)
    response = submit(participant)
    assert response.url == reverse("support:request_sent")


def photo_error(browser, url) -> str:
    form = browser.get(url).context["form"]
    return form.errors.as_data()["ktp_photo"][0].code


def test_not_an_image_is_refused_with_a_message(
    proved, submit, registered, participant
):
    letter = SimpleUploadedFile("ktp.jpg", b"not a photo", content_type="image/jpeg")
    response = submit(participant, ktp_photo=letter)
    assert response.status_code == 302  # back to the form, which shows the error
    assert photo_error(proved, response.url) == "image_unreadable"
    assert RecoveryRequest.objects.count() == 0


def test_fifty_megabyte_upload_gets_a_clear_page_not_an_error(
    proved, participant, settings
):
    proved.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    huge = upload("ktp.jpg", b"\xff\xd8" + b"0" * (50 * 1024 * 1024))
    url = reverse("support:request_form")
    response = proved.post(url, identity_data(participant, ktp_photo=huge))
    assert response.status_code == 413
    assert "Each photo may be at most 5 MB" in response.content.decode()
    assert RecoveryRequest.objects.count() == 0


def test_photo_just_over_five_megabytes_is_refused_by_the_form(
    proved, submit, registered, participant
):
    big = upload("ktp.jpg", photo_bytes() + b"\x00" * (5 * 1024 * 1024))
    response = submit(participant, ktp_photo=big)
    assert photo_error(proved, response.url) == "image_too_large"


def test_decompression_bomb_is_refused_by_the_form(
    proved, submit, registered, participant
):
    bomb = upload("ktp.png", bomb_png(), "image/png")
    response = submit(participant, ktp_photo=bomb)
    assert photo_error(proved, response.url) == "image_too_many_pixels"
    assert RecoveryRequest.objects.count() == 0


def test_requests_past_the_nik_budget_get_the_busy_page(
    submit, registered, participant, settings
):
    settings.JMO_RECOVERY_REQUESTS_PER_NIK_PER_DAY = 0
    response = submit(participant)
    assert response.status_code == 429
    assert RecoveryRequest.objects.count() == 0
    assert SecurityEvent.objects.filter(kind="recovery_refused").exists()


def test_requests_past_the_address_budget_get_the_busy_page(
    submit, registered, participant, settings
):
    settings.JMO_RECOVERY_REQUESTS_PER_ADDRESS_PER_DAY = 0
    response = submit(participant)
    assert response.status_code == 429
    assert RecoveryRequest.objects.count() == 0
