import pytest
from django.contrib.auth.models import Permission
from django.urls import reverse

from .helpers import OPERATOR_PERMISSIONS, identity_data, prove_email


@pytest.fixture
def registered(member_factory, participant):
    """The participant's account, whose registered mailbox is dead."""
    return member_factory(
        email="lama@example.com",
        nik=participant.nik,
        kpj_number=participant.kpj_number,
        full_name=participant.full_name,
    )


@pytest.fixture
def proved(db, client, mailoutbox):
    """A browser that proved the new address; the mailbox emptied afterwards."""
    prove_email(client, mailoutbox)
    mailoutbox.clear()
    return client


@pytest.fixture
def submit(proved):
    def post(participant, **changes):
        url = reverse("support:request_form")
        return proved.post(url, identity_data(participant, **changes))

    return post


@pytest.fixture
def operator_factory(member_factory):
    def make(email, codenames=OPERATOR_PERMISSIONS):
        operator = member_factory(email=email, full_name=email.split("@")[0].title())
        operator.is_staff = True
        operator.save(update_fields=["is_staff"])
        operator.user_permissions.set(Permission.objects.filter(codename__in=codenames))
        return operator

    return make


@pytest.fixture
def first_operator(operator_factory):
    return operator_factory("ani@bpjs.example")


@pytest.fixture
def second_operator(operator_factory):
    return operator_factory("budi@bpjs.example")
