from datetime import date

import factory
from django.utils import timezone
from factory.django import DjangoModelFactory

from accounts.models import Member, Participant


def _now_if_eligible(member):
    return timezone.now() if member.eligible else None


class MemberFactory(DjangoModelFactory):
    class Meta:
        model = Member
        skip_postgeneration_save = True

    class Params:
        # Eligible for a reset: verified email and current data (pengkinian data).
        eligible = True

    email = factory.Sequence(lambda n: f"peserta{n}@example.com")
    full_name = factory.Faker("name", locale="id_ID")
    nik = factory.Sequence(lambda n: f"{3174000000000000 + n:016d}")
    kpj_number = factory.Sequence(lambda n: f"{19000000000 + n}")
    email_verified_at = factory.LazyAttribute(_now_if_eligible)
    data_updated_at = factory.LazyAttribute(_now_if_eligible)

    @factory.post_generation
    def password(obj, create, extracted, **kwargs):
        obj.set_password(extracted or "Lama1234")
        if create:
            obj.save(update_fields=["password"])


class ParticipantFactory(DjangoModelFactory):
    class Meta:
        model = Participant

    nik = factory.Sequence(lambda n: f"{3275000000000000 + n:016d}")
    kpj_number = factory.Sequence(lambda n: f"{21000000000 + n}")
    full_name = factory.Faker("name", locale="id_ID")
    date_of_birth = date(1990, 8, 17)
