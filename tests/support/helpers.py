"""Helpers of the Pemulihan Akun tests: requests, operators, the browser's steps."""

import re
from datetime import timedelta

from django.test import Client
from django.urls import reverse
from django.utils import timezone

from accounts.core.clients import Client as Origin
from support import decisions
from support.models import RecoveryImage, RecoveryRequest
from tests.conftest import read_code

from .photos import photo_bytes, upload

NEW_EMAIL = "baru@example.net"
CANCEL_LINK = re.compile(r"http\S+/pemulihan-akun/not-me/[^/\s]+/")
OPERATOR_PERMISSIONS = ["view_recoveryrequest", "decide_recoveryrequest"]
ORIGIN = Origin(ip="10.0.0.9", user_agent="operator browser")


def identity_data(participant, **changes) -> dict:
    data = {
        "nik": participant.nik,
        "kpj_number": participant.kpj_number,
        "date_of_birth": participant.date_of_birth.strftime("%d/%m/%Y"),
        "full_name": participant.full_name,
        "phone": "0812 3456 7890",
        "reason": "Email lama sudah tidak aktif.",
        "ktp_photo": upload("ktp.jpg"),
        "selfie": upload("selfie.png", photo_bytes("PNG"), "image/png"),
    }
    return {**data, **changes}


def prove_email(client, mailoutbox, email=NEW_EMAIL) -> None:
    """Steps 1 and 2: the new address, and the code read out of its email."""
    client.post(reverse("support:start"), {"email": email})
    client.post(reverse("support:verify_email"), {"code": read_code(mailoutbox)})


def make_request(member=None, participant=None, age=timedelta(hours=0), **fields):
    """A stored request `age` old (its waiting period counted from then)."""
    created = timezone.now() - age
    source = member or participant
    request = RecoveryRequest.objects.create(
        member=member,
        old_email=member.email if member else "",
        nik=source.nik,
        kpj_number=source.kpj_number,
        date_of_birth=getattr(participant, "date_of_birth", None) or "1990-08-17",
        full_name=source.full_name,
        new_email=NEW_EMAIL,
        phone="081234567890",
        reason="Email lama hilang.",
        created_at=created,
        wait_until=created + timedelta(hours=24),
        **fields,
    )
    for kind in ("ktp", "selfie"):
        RecoveryImage.objects.create(
            request=request, kind=kind, data=photo_bytes(), width=640, height=400
        )
    return request


def logged_in(operator) -> Client:
    browser = Client()
    browser.force_login(operator)
    return browser


def approve(request, operator):
    reason = RecoveryRequest.ApproveReason.IDENTITY_CONFIRMED
    return decisions.approve(request.pk, operator, reason, "", ORIGIN)
