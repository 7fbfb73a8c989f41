"""
Pemulihan Akun: a member who lost the registered mailbox asks for a new address,
two operators decide. The rules live in recovery.py, proofs.py and decisions.py.
"""

import secrets
from hashlib import sha256

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

# No 0/O, 1/I/L: a number read out on the phone to the call centre.
NUMBER_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
NUMBER_LENGTH = 8  # 31**8, about 8.5e11: not guessable, and asked for with the NIK


def new_request_number() -> str:
    body = "".join(secrets.choice(NUMBER_ALPHABET) for _ in range(NUMBER_LENGTH))
    return f"PA-{body}"


def new_image_id() -> str:
    return secrets.token_urlsafe(24)


def hash_cancel_token(token: str) -> str:
    """What the database keeps of a "Bukan saya" link's token."""
    return sha256(token.encode()).hexdigest()


class RecoveryEmailProof(models.Model):
    """
    The new address being proved in one browser, before the request can be sent:
    a keyed hash of the code mailed there, bound to a hash of the session key.
    """

    session_key_hash = models.CharField(max_length=64, db_index=True)
    email = models.EmailField(_("email"), max_length=254)
    code_hash = models.CharField(max_length=64, blank=True, editable=False)
    created_at = models.DateTimeField(_("created at"))
    expires_at = models.DateTimeField(_("expires at"))
    attempts = models.PositiveSmallIntegerField(_("wrong attempts"), default=0)
    verified_at = models.DateTimeField(_("verified at"), null=True, blank=True)
    # The request this proof was spent on: one proof, one request.
    request = models.OneToOneField(
        "RecoveryRequest",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="email_proof",
    )

    class Meta:
        verbose_name = _("email proof")
        verbose_name_plural = _("email proofs")

    def __str__(self):
        return f"{self.email} · {self.created_at:%Y-%m-%d %H:%M}"


class RecoveryRequest(models.Model):
    class Status(models.TextChoices):
        NEW = "baru", _("new")
        IN_REVIEW = "sedang_diperiksa", _("in review")
        APPROVED = "disetujui", _("approved")
        REJECTED = "ditolak", _("rejected")
        CANCELLED = "dibatalkan", _("cancelled")
        EXPIRED = "kedaluwarsa", _("expired")

    class RejectReason(models.TextChoices):
        PHOTOS_UNCLEAR = "photos_unclear", _("the photos are unclear or incomplete")
        IDENTITY_MISMATCH = (
            "identity_mismatch",
            _("the photos do not match the registry data"),
        )
        NO_ACCOUNT = "no_account", _("no JMO account matches the data")
        OWNER_OBJECTED = "owner_objected", _("the account owner objected")
        OTHER = "other", _("other (write it below)")

    class ApproveReason(models.TextChoices):
        IDENTITY_CONFIRMED = (
            "identity_confirmed",
            _("the KTP, the selfie and the registry data match"),
        )
        CONFIRMED_BY_PHONE = (
            "confirmed_by_phone",
            _("confirmed with the member on the phone as well"),
        )
        OTHER = "other", _("other (write it below)")

    OPEN = [Status.NEW, Status.IN_REVIEW]

    number = models.CharField(
        _("request number"), max_length=12, unique=True, default=new_request_number
    )
    # Null when the NIK, KPJ number and date of birth match no account: the
    # requester's pages look the same either way.
    member = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="recovery_requests",
        verbose_name=_("member"),
    )
    nik = models.CharField(_("NIK"), max_length=16, db_index=True)
    kpj_number = models.CharField(_("KPJ number"), max_length=20)
    date_of_birth = models.DateField(_("date of birth"))
    full_name = models.CharField(_("full name"), max_length=150)
    new_email = models.EmailField(_("new email"), max_length=254)
    # The registered address the request was announced to, kept for the decision.
    old_email = models.EmailField(_("registered email"), max_length=254, blank=True)
    phone = models.CharField(_("phone"), max_length=20)
    reason = models.TextField(_("reason"), max_length=500)
    language = models.CharField(max_length=8, default="id")
    status = models.CharField(
        _("status"), max_length=20, choices=Status, default=Status.NEW
    )
    created_at = models.DateTimeField(_("received at"), db_index=True)
    wait_until = models.DateTimeField(_("not before"))
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="recovery_decisions",
        verbose_name=_("decided by"),
    )
    decision_reason = models.CharField(_("decision reason"), max_length=32, blank=True)
    decision_note = models.CharField(_("explanation"), max_length=300, blank=True)
    # SHA-256 of the "Bukan saya" token mailed to the registered address.
    cancel_token_hash = models.CharField(max_length=64, blank=True, editable=False)
    images_deleted_at = models.DateTimeField(
        _("images deleted at"), null=True, blank=True
    )

    class Meta:
        verbose_name = _("account recovery request")
        verbose_name_plural = _("account recovery requests")
        ordering = ["created_at"]
        permissions = [
            ("decide_recoveryrequest", _("Can see the images and decide requests")),
        ]

    def __str__(self):
        return self.number

    def is_open(self) -> bool:
        return self.status in self.OPEN

    @property
    def decision_reason_label(self) -> str:
        return reason_label(self.decision_reason)

    def is_overdue(self, now) -> bool:
        return self.is_open() and now >= self.wait_until


class RecoveryImage(models.Model):
    """
    The re-encoded KTP photo or selfie (images.py), in the database: every app
    server reads the same rows, nothing lands under STATIC_ROOT or MEDIA_ROOT, and
    the only way out is the staff view, by a random id.
    """

    class Kind(models.TextChoices):
        KTP = "ktp", _("KTP photo")
        SELFIE = "selfie", _("selfie with the KTP")

    public_id = models.CharField(
        max_length=40, unique=True, default=new_image_id, editable=False
    )
    request = models.ForeignKey(
        RecoveryRequest, on_delete=models.CASCADE, related_name="images"
    )
    kind = models.CharField(_("kind"), max_length=10, choices=Kind)
    data = models.BinaryField(editable=False)
    width = models.PositiveIntegerField()
    height = models.PositiveIntegerField()

    class Meta:
        verbose_name = _("recovery image")
        verbose_name_plural = _("recovery images")
        constraints = [
            models.UniqueConstraint(
                fields=["request", "kind"], name="recovery_image_one_per_kind"
            )
        ]

    def __str__(self):
        return f"{self.request_id} · {self.kind}"


def reason_label(code: str) -> str:
    """An operator's reason in words (approve or reject), the code if unknown."""
    for reasons in (RecoveryRequest.ApproveReason, RecoveryRequest.RejectReason):
        if code in reasons.values:
            return reasons(code).label
    return code


class RecoveryApproval(models.Model):
    """One operator's approval; the same operator cannot approve twice."""

    request = models.ForeignKey(
        RecoveryRequest, on_delete=models.CASCADE, related_name="approvals"
    )
    operator = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="recovery_approvals",
        verbose_name=_("operator"),
    )
    reason = models.CharField(_("reason"), max_length=32)
    note = models.CharField(_("explanation"), max_length=300, blank=True)
    created_at = models.DateTimeField(_("approved at"))

    class Meta:
        verbose_name = _("approval")
        verbose_name_plural = _("approvals")
        constraints = [
            models.UniqueConstraint(
                fields=["request", "operator"], name="recovery_one_approval_each"
            )
        ]

    def __str__(self):
        return f"{self.request_id} · {self.operator_id}"

    @property
    def reason_label(self) -> str:
        return reason_label(self.reason)
