"""Creating and maintaining member accounts, for the admin and the commands."""

from django.contrib.auth.hashers import make_password
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import Member, MemberManager, nik_validator

from . import operators
from .clients import Client
from .events import Kind, record_event


def create_member(
    email: str,
    password: str,
    *,
    full_name: str = "",
    nik: str = "",
    kpj_number: str = "",
    eligible: bool = True,
) -> Member:
    """Create a member after checking every field; ValidationError if one is bad."""
    email = MemberManager.normalize_email(email)
    validate_email(email)
    if nik:
        nik_validator(nik)
    validate_password(password)
    if Member.objects.filter(email=email).exists():
        raise ValidationError(_("A member with this email already exists."))
    if nik and Member.objects.filter(nik=nik).exists():
        raise ValidationError(_("A member with this NIK already exists."))
    now = timezone.now() if eligible else None
    return Member.objects.create_user(
        email,
        password,
        full_name=full_name or email.split("@")[0],
        nik=nik,
        kpj_number=kpj_number,
        email_verified_at=now,
        data_updated_at=now,
    )


def mark_email_verified(members, client: Client, operator=None) -> int:
    """Mark the members' emails verified now; return how many changed."""
    changed = 0
    for member in members.filter(email_verified_at__isnull=True):
        member.email_verified_at = timezone.now()
        member.save(update_fields=["email_verified_at"])
        record_event(Kind.EMAIL_VERIFIED, client=client, member=member, actor=operator)
        if operator is not None:
            operators.record_change(member, operator, ["email_verified"], client)
        changed += 1
    return changed


def seed_demo_members(
    count: int, password: str, eligible: bool = True, batch_size: int = 5000
) -> int:
    """
    Insert `count` demo members sharing one password; return how many were new.

    The password is hashed once and the hash reused, so 100,000 members take seconds,
    not the hours that 100,000 Argon2 hashes would.
    """
    validate_password(password)
    password_hash = make_password(password)
    now = timezone.now()
    before = Member.objects.count()
    with transaction.atomic():
        for start in range(0, count, batch_size):
            batch = [
                _demo_member(number, password_hash, now if eligible else None)
                for number in range(start, min(start + batch_size, count))
            ]
            Member.objects.bulk_create(batch, ignore_conflicts=True)
    return Member.objects.count() - before


def demo_email(number: int, eligible: bool = True) -> str:
    """demo<n>@ for eligible demo members, pending<n>@ for the not-yet-eligible."""
    return f"{'demo' if eligible else 'pending'}{number}@example.com"


def _demo_member(number: int, password_hash: str, verified_at) -> Member:
    eligible = verified_at is not None
    series = 99 if eligible else 98  # keeps the two kinds' NIK and KPJ apart
    return Member(
        email=demo_email(number, eligible),
        password=password_hash,
        full_name=f"Peserta Demo {number}",
        nik=f"{series * 10**14 + number:016d}",
        kpj_number=f"{series * 10**9 + number}",
        email_verified_at=verified_at,
        data_updated_at=verified_at,
    )
