from django.urls import reverse

from .helpers import make_request


def test_number_and_nik_show_the_status(client, registered):
    request = make_request(registered)
    url = reverse("support:status")
    response = client.post(url, {"number": request.number, "nik": request.nik})
    page = client.get(response.url)
    assert page.context["shown"] == request


def test_number_is_read_without_spaces_and_in_any_case(client, registered):
    request = make_request(registered)
    typed = f" {request.number.lower()} "
    response = client.post(
        reverse("support:status"), {"number": typed, "nik": request.nik}
    )
    assert client.get(response.url).context["shown"] == request


def test_number_with_another_nik_shows_nothing(client, registered):
    request = make_request(registered)
    data = {"number": request.number, "nik": "3175000000000001"}
    response = client.post(reverse("support:status"), data)
    page = client.get(response.url)
    assert page.context["shown"] is None
    assert page.context["form"].non_field_errors()


def test_lookups_past_the_address_budget_get_the_busy_page(client, db, settings):
    settings.JMO_RECOVERY_LOOKUPS_PER_ADDRESS_PER_HOUR = 0
    data = {"number": "PA-22222222", "nik": "3175000000000001"}
    assert client.post(reverse("support:status"), data).status_code == 429
