from datetime import timedelta

from django.urls import reverse

from accounts.models import SecurityEvent

from .helpers import NEW_EMAIL, logged_in, make_request

PAST_WAIT = timedelta(hours=25)


def image_url(request) -> str:
    image = request.images.get(kind="ktp")
    return reverse("admin:support_recoveryrequest_image", args=[image.public_id])


def test_operator_with_the_permission_sees_the_image(registered, first_operator):
    request = make_request(registered)
    response = logged_in(first_operator).get(image_url(request))
    assert response.status_code == 200 and response["Content-Type"] == "image/jpeg"
    assert "no-store" in response["Cache-Control"]


def test_staff_without_the_permission_cannot_see_the_image(
    registered, operator_factory
):
    request = make_request(registered)
    viewer = operator_factory("lihat@bpjs.example", ["view_recoveryrequest"])
    assert logged_in(viewer).get(image_url(request)).status_code == 403


def test_member_who_is_not_staff_cannot_see_the_image(registered, member_factory):
    request = make_request(registered)
    outsider = member_factory(email="orang@example.com")
    response = logged_in(outsider).get(image_url(request))
    assert response.status_code == 302 and "/admin/login/" in response.url


def test_anonymous_visitor_cannot_see_the_image(registered, client):
    request = make_request(registered)
    response = client.get(image_url(request))
    assert response.status_code == 302 and "/admin/login/" in response.url


def test_queue_marks_overdue_requests(registered, first_operator):
    make_request(registered, age=PAST_WAIT)
    url = reverse("admin:support_recoveryrequest_changelist")
    page = logged_in(first_operator).get(url).content.decode()
    assert 'class="jmo-overdue"' in page


def test_queue_leaves_fresh_requests_unmarked(registered, first_operator):
    make_request(registered)
    url = reverse("admin:support_recoveryrequest_changelist")
    page = logged_in(first_operator).get(url).content.decode()
    assert 'class="jmo-overdue"' not in page


def test_review_page_shows_registry_account_and_submission(
    registered, participant, first_operator
):
    request = make_request(registered, participant=participant)
    url = reverse("admin:support_recoveryrequest_change", args=[request.pk])
    page = logged_in(first_operator).get(url).content.decode()
    assert participant.full_name in page and NEW_EMAIL in page
    assert "l***@example.com" in page and "lama@example.com" not in page
    assert image_url(request) in page


def test_review_page_hides_images_from_staff_without_the_permission(
    registered, operator_factory
):
    request = make_request(registered)
    viewer = operator_factory("lihat@bpjs.example", ["view_recoveryrequest"])
    url = reverse("admin:support_recoveryrequest_change", args=[request.pk])
    page = logged_in(viewer).get(url).content.decode()
    assert image_url(request) not in page


def test_two_operators_approve_in_the_admin(
    registered, first_operator, second_operator
):
    request = make_request(registered, age=PAST_WAIT)
    url = reverse("admin:support_recoveryrequest_approve", args=[request.pk])
    data = {"approve-reason": "identity_confirmed", "approve-note": ""}
    logged_in(first_operator).post(url, data)
    logged_in(second_operator).post(url, data)
    registered.refresh_from_db()
    assert registered.email == NEW_EMAIL


def test_approval_without_a_reason_is_refused(registered, first_operator):
    request = make_request(registered, age=PAST_WAIT)
    url = reverse("admin:support_recoveryrequest_approve", args=[request.pk])
    logged_in(first_operator).post(url, {"approve-reason": ""})
    assert not request.approvals.exists()


def test_other_reason_needs_a_written_one(registered, first_operator):
    request = make_request(registered)
    url = reverse("admin:support_recoveryrequest_reject", args=[request.pk])
    logged_in(first_operator).post(url, {"reject-reason": "other", "reject-note": ""})
    request.refresh_from_db()
    assert request.status == "baru"


def test_staff_without_the_permission_cannot_decide(registered, operator_factory):
    request = make_request(registered)
    viewer = operator_factory("lihat@bpjs.example", ["view_recoveryrequest"])
    url = reverse("admin:support_recoveryrequest_reject", args=[request.pk])
    response = logged_in(viewer).post(url, {"reject-reason": "photos_unclear"})
    assert response.status_code == 403
    assert not SecurityEvent.objects.filter(kind="recovery_rejected").exists()


def test_review_page_of_a_made_up_id_is_not_found(first_operator, db):
    url = reverse("admin:support_recoveryrequest_change", args=["abc"])
    assert logged_in(first_operator).get(url).status_code in (302, 404)
