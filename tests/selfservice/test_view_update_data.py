import re

import pytest
from django.urls import reverse

from accounts.models import SecurityEvent
from accounts.selfservice.forms import MemberDataForm
from tests.journey import HOME, LOGIN

UPDATE = reverse("accounts:update_data")
VALID = {
    "phone": "0812-3456-7890",
    "address": "Jl. Gatot Subroto 79, Jakarta",
    "confirm": "on",
}


def test_anonymous_visitor_is_sent_to_login(client):
    assert client.get(UPDATE).url.startswith(LOGIN)


def test_member_without_pengkinian_data_is_reminded_on_home(client, member_factory):
    client.force_login(member_factory(eligible=False))
    page = client.get(HOME).text
    assert "Anda belum melakukan pengkinian data" in page
    assert UPDATE in page


def test_member_with_current_data_is_not_reminded(client, member):
    client.force_login(member)
    assert "Anda belum melakukan pengkinian data" not in client.get(HOME).text


def test_confirming_the_data_updates_it_and_records_the_time(client, member_factory):
    pending = member_factory(eligible=False)
    client.force_login(pending)
    response = client.post(UPDATE, VALID)
    assert response.url == HOME
    pending.refresh_from_db()
    assert pending.phone == "+6281234567890"
    assert pending.address == VALID["address"]
    assert pending.data_updated_at is not None
    assert SecurityEvent.objects.filter(kind="data_updated", member=pending).exists()


def test_data_is_not_saved_without_the_confirmation(client, member_factory):
    pending = member_factory(eligible=False)
    client.force_login(pending)
    response = client.post(UPDATE, {**VALID, "confirm": ""})
    assert response.status_code == 302 and response.url == UPDATE
    assert "Bidang ini tidak boleh kosong." in client.get(UPDATE).text
    pending.refresh_from_db()
    assert pending.data_updated_at is None


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("081234567890", "+6281234567890"),
        ("+62 812 3456 7890", "+6281234567890"),
        ("62-812-3456-789", "+628123456789"),
        ("(0812) 3456 78", "+62812345678"),
    ],
)
def test_indonesian_mobile_numbers_are_normalised_to_plus_62(typed, stored):
    form = MemberDataForm({**VALID, "phone": typed})
    assert form.is_valid(), form.errors
    assert form.cleaned_data["phone"] == stored


@pytest.mark.parametrize(
    "typed", ["12345", "+1 202 555 0100", "0212345678", "08abc", ""]
)
def test_other_numbers_are_refused_with_an_example(typed):
    form = MemberDataForm({**VALID, "phone": typed})
    assert not form.is_valid()


def test_stored_phone_is_shown_the_way_members_write_it(client, member_factory):
    client.force_login(member_factory(phone="+6281234567890"))
    assert 'value="0812 3456 7890"' in client.get(UPDATE).text


def test_the_confirmation_checkbox_sits_inside_its_label(client, member):
    client.force_login(member)
    page = client.get(UPDATE).text
    label = re.search(r'<label class="check" for="id_confirm">(.*?)</label>', page)
    assert 'type="checkbox" name="confirm"' in label.group(1)
    assert "Saya menyatakan data ini benar." in label.group(1)
