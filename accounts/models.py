from django.contrib.auth import password_validation
from django.contrib.auth.base_user import AbstractBaseUser, BaseUserManager
from django.contrib.auth.models import PermissionsMixin
from django.db import models
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext_lazy as _

from .core.identity import nik_validator


class MemberManager(BaseUserManager):
    use_in_migrations = True

    @classmethod
    def normalize_email(cls, email):
        """The whole address is case-insensitive here, not only the domain."""
        return (email or "").strip().lower()

    def get_by_natural_key(self, username):
        return self.get(email=self.normalize_email(username))

    def create_user(self, email, password=None, **extra_fields):
        if not email:
            raise ValueError("A member needs an email address.")
        member = self.model(email=self.normalize_email(email), **extra_fields)
        member.set_password(password)
        member.save(using=self._db)
        return member

    def create_superuser(self, email, password=None, **extra_fields):
        # createsuperuser lets the operator bypass the validators; an admin account
        # must meet the rule like any other.
        if password is not None:
            password_validation.validate_password(password)
        extra_fields.setdefault("is_staff", True)
        extra_fields.setdefault("is_superuser", True)
        return self.create_user(email, password, **extra_fields)


class Member(AbstractBaseUser, PermissionsMixin):
    email = models.EmailField(_("email"), max_length=254, unique=True)
    full_name = models.CharField(_("full name"), max_length=150)
    nik = models.CharField(
        _("NIK"), max_length=16, blank=True, validators=[nik_validator]
    )
    kpj_number = models.CharField(_("KPJ number"), max_length=20, blank=True)
    phone = models.CharField(_("phone"), max_length=20, blank=True)
    address = models.TextField(_("address"), max_length=300, blank=True)
    email_verified_at = models.DateTimeField(
        _("email verified at"), null=True, blank=True
    )
    data_updated_at = models.DateTimeField(
        _("data updated at"),
        null=True,
        blank=True,
        help_text=_("When the member last confirmed their data (pengkinian data)."),
    )
    failed_login_count = models.PositiveSmallIntegerField(
        _("consecutive failed logins"), default=0
    )
    locked_until = models.DateTimeField(_("locked until"), null=True, blank=True)
    # Bumping it ends every session of the member at once, on any session backend.
    session_epoch = models.PositiveIntegerField(_("session generation"), default=0)
    is_staff = models.BooleanField(_("staff status"), default=False)
    is_active = models.BooleanField(_("active"), default=True)
    date_joined = models.DateTimeField(_("date joined"), default=timezone.now)

    objects = MemberManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS = ["full_name"]

    class Meta:
        verbose_name = _("member")
        verbose_name_plural = _("members")
        constraints = [
            models.UniqueConstraint(Lower("email"), name="member_email_ci_unique"),
            models.UniqueConstraint(
                fields=["nik"], condition=~models.Q(nik=""), name="member_nik_unique"
            ),
        ]

    def __str__(self):
        return self.email

    def clean(self):
        super().clean()
        self.email = self.__class__.objects.normalize_email(self.email)

    @classmethod
    def from_db(cls, db, field_names, values, **kwargs):
        member = super().from_db(db, field_names, values, **kwargs)
        member._remember_credentials()
        return member

    def save(self, *args, **kwargs):
        changed = self._credentials_changed()
        super().save(*args, **kwargs)
        if changed:
            self._retire_codes_and_journeys()
        self._remember_credentials()

    def _remember_credentials(self):
        loaded = self.__dict__
        self._saved_credentials = (loaded.get("email"), loaded.get("password"))

    def _credentials_changed(self) -> bool:
        saved = getattr(self, "_saved_credentials", None)
        return saved is not None and saved != (self.email, self.password)

    def _retire_codes_and_journeys(self):
        """
        A new email or password ends what was proved under the old one: every code
        still unused, and every journey of the member still under way.
        """
        now = timezone.now()
        self.verification_codes.filter(
            used_at__isnull=True, retired_at__isnull=True
        ).update(
            retired_at=now,
            retired_reason=VerificationCode.RetiredReason.ACCOUNT_CHANGED,
        )
        self.journeys.filter(status__in=Journey.LIVE).update(
            status=Journey.Status.RETIRED, ended_at=now
        )

    def _get_session_auth_hash(self, secret=None):
        """
        Django's hash of the password, bound also to the email and the session
        generation: a new password or email ends every session that does not renew
        its hash.
        """
        key_salt = "accounts.Member.session_auth_hash"
        value = f"{self.password}:{self.email}:{self.session_epoch}"
        return salted_hmac(
            key_salt, value, secret=secret, algorithm="sha256"
        ).hexdigest()

    def get_full_name(self):
        return self.full_name

    def get_short_name(self):
        return self.full_name.split(" ")[0] if self.full_name else self.email

    def is_locked(self, now) -> bool:
        return self.locked_until is not None and now < self.locked_until

    @property
    def is_eligible_for_reset(self) -> bool:
        """A reset code goes only to a verified email of a member with current data."""
        return self.email_verified_at is not None and self.data_updated_at is not None


class VerificationCode(models.Model):
    class Purpose(models.TextChoices):
        PASSWORD_RESET = "password_reset", _("password reset")
        EMAIL_VERIFICATION = "email_verification", _("email verification")
        EMAIL_CHANGE = "email_change", _("email change")

    class RetiredReason(models.TextChoices):
        REPLACED = "replaced", _("a newer code was sent")
        ACCOUNT_CHANGED = "account_changed", _("the email or password changed")

    member = models.ForeignKey(
        Member, on_delete=models.CASCADE, related_name="verification_codes"
    )
    purpose = models.CharField(_("purpose"), max_length=32, choices=Purpose)
    code_hash = models.CharField(_("code hash"), max_length=64, editable=False)
    # The address the code was mailed to: for an email change, the new address.
    sent_to = models.EmailField(_("sent to"), max_length=254, blank=True)
    created_at = models.DateTimeField(_("created at"))
    expires_at = models.DateTimeField(_("expires at"))
    verified_at = models.DateTimeField(_("verified at"), null=True, blank=True)
    used_at = models.DateTimeField(_("used at"), null=True, blank=True)
    retired_at = models.DateTimeField(_("retired at"), null=True, blank=True)
    retired_reason = models.CharField(
        _("retired because"), max_length=20, choices=RetiredReason, blank=True
    )
    attempts = models.PositiveSmallIntegerField(_("wrong attempts"), default=0)
    # Asked for in a browser the member proved themselves in (known_devices.py):
    # such codes have limits of their own, which requests from elsewhere cannot spend.
    from_known_device = models.BooleanField(_("from a known device"), default=False)

    class Meta:
        verbose_name = _("verification code")
        verbose_name_plural = _("verification codes")
        indexes = [models.Index(fields=["member", "purpose", "created_at"])]

    def __str__(self):
        return f"{self.get_purpose_display()} · {self.created_at:%Y-%m-%d %H:%M}"

    def status(self, now, max_attempts: int) -> str:
        """used, verified, retired, exhausted, expired or active, in that order."""
        if self.used_at:
            return "used"
        if self.verified_at:
            return "verified"
        if self.retired_at:
            return "retired"
        if self.attempts >= max_attempts:
            return "exhausted"
        if now > self.expires_at:
            return "expired"
        return "active"


class Journey(models.Model):
    """
    One browser's way through a code journey, bound to a hash of its session key:
    Lupa Kata Sandi (flow "reset"), or proving an email address (flow "email").
    Its whole state lives here; the session holds nothing of it.
    """

    class Flow(models.TextChoices):
        RESET = "reset", _("password reset")
        EMAIL = "email", _("email address")

    class Status(models.TextChoices):
        OPEN = "open", _("waiting for the code")
        VERIFIED = "verified", _("code verified")
        COMPLETED = "completed", _("completed")
        REPLACED = "replaced", _("replaced by a newer journey")
        RETIRED = "retired", _("ended by an account change")

    LIVE = [Status.OPEN, Status.VERIFIED]

    flow = models.CharField(_("flow"), max_length=10, choices=Flow)
    purpose = models.CharField(
        _("purpose"), max_length=32, choices=VerificationCode.Purpose
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status, default=Status.OPEN
    )
    session_key_hash = models.CharField(max_length=64)
    # The key before the one the session got when the code verified: a duplicate of
    # that request, carrying the same code, still finds the journey.
    previous_session_key_hash = models.CharField(max_length=64, null=True, blank=True)
    # The new key of that duplicate: a double tap leaves the browser with either.
    twin_session_key_hash = models.CharField(max_length=64, null=True, blank=True)
    # The address typed (a reset) or being proved (an email journey).
    email = models.EmailField(_("email"), max_length=254)
    member = models.ForeignKey(
        Member,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="journeys",
    )
    # After "Daftar": the NIK that finds the account the task opens.
    nik = models.CharField(_("NIK"), max_length=16, blank=True)
    logged_in = models.BooleanField(_("started while logged in"), default=False)
    # The member named by the browser's device cookie when the journey began.
    device_member_pk = models.BigIntegerField(null=True, blank=True)
    code = models.ForeignKey(
        VerificationCode, on_delete=models.SET_NULL, null=True, blank=True
    )
    # Counts the code requests, so a repeated "resend" is told from a new one.
    round = models.PositiveSmallIntegerField(default=1)
    wrong_attempts = models.PositiveSmallIntegerField(_("wrong codes"), default=0)
    created_at = models.DateTimeField(_("started at"))
    requested_at = models.DateTimeField(_("code last requested at"))
    verified_at = models.DateTimeField(_("verified at"), null=True, blank=True)
    ended_at = models.DateTimeField(_("ended at"), null=True, blank=True)

    class Meta:
        verbose_name = _("journey")
        verbose_name_plural = _("journeys")
        constraints = [
            # One live journey per browser and flow: a duplicate start finds it.
            models.UniqueConstraint(
                fields=["session_key_hash", "flow"],
                condition=models.Q(status__in=["open", "verified"]),
                name="journey_one_live_per_session_and_flow",
            ),
        ]
        indexes = [
            models.Index(fields=["session_key_hash", "flow", "created_at"]),
            models.Index(fields=["previous_session_key_hash"]),
            models.Index(fields=["twin_session_key_hash"]),
        ]

    def __str__(self):
        return f"{self.get_flow_display()} · {self.get_status_display()}"


class SecurityEvent(models.Model):
    class Kind(models.TextChoices):
        LOGIN_OK = "login_ok", _("login succeeded")
        LOGIN_FAILED = "login_failed", _("login failed")
        LOCKED = "locked", _("account locked")
        UNLOCKED = "unlocked", _("account unlocked")
        CODE_REQUESTED = "code_requested", _("code requested")
        CODE_SENT = "code_sent", _("code sent")
        CODE_FAILED = "code_failed", _("code email failed")
        CODE_THROTTLED = "code_throttled", _("code refused by limits")
        CODE_REJECTED = "code_rejected", _("wrong code entered")
        CODE_VERIFIED = "code_verified", _("code verified")
        NOT_ELIGIBLE_NOTICE = "not_eligible_notice", _("not-eligible notice sent")
        PASSWORD_CHANGED = "password_changed", _("password changed")
        EMAIL_VERIFIED = "email_verified", _("email marked verified")
        DATA_UPDATED = "data_updated", _("data updated (pengkinian data)")
        OTHER_SESSIONS_ENDED = "other_sessions_ended", _("other devices logged out")
        REGISTRATION_REQUESTED = "registration_requested", _("registration requested")
        REGISTERED = "registered", _("account registered")
        REGISTRATION_REFUSED = "registration_refused", _("registration refused")
        EMAIL_IN_USE_NOTICE = "email_in_use_notice", _("address-in-use notice sent")
        EMAIL_CHANGE_REQUESTED = "email_change_requested", _("email change requested")
        EMAIL_CHANGED = "email_changed", _("email address changed")
        ACCOUNT_CHANGED_BY_OPERATOR = "operator_change", _("changed by an operator")
        CODE_LIMIT_NOTICE = "code_limit_notice", _("code-limit notice sent")
        UNVERIFIED_ACCOUNT_REMOVED = (
            "unverified_removed",
            _("unverified account removed"),
        )
        # Pemulihan Akun (the support app): the request, the objection, each
        # operator's decision and the change it made.
        RECOVERY_REQUESTED = "recovery_requested", _("account recovery requested")
        RECOVERY_REFUSED = "recovery_refused", _("account recovery refused by limits")
        RECOVERY_CANCELLED = "recovery_cancelled", _("account recovery cancelled")
        RECOVERY_APPROVED = "recovery_approved", _("account recovery approved")
        RECOVERY_REJECTED = "recovery_rejected", _("account recovery rejected")
        RECOVERY_APPLIED = "recovery_applied", _("account recovered: email replaced")
        ACCOUNT_LOOKUP_OK = "account_lookup_ok", _("account found (Lupa Akun)")
        ACCOUNT_LOOKUP_REFUSED = (
            "account_lookup_refused",
            _("account not found (Lupa Akun)"),
        )

    kind = models.CharField(_("kind"), max_length=32, choices=Kind)
    member = models.ForeignKey(
        Member,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="security_events",
    )
    email = models.CharField(_("email"), max_length=254, blank=True)
    ip = models.GenericIPAddressField(_("IP address"), null=True, blank=True)
    user_agent = models.CharField(_("user agent"), max_length=300, blank=True)
    detail = models.CharField(_("detail"), max_length=200, blank=True)
    # The operator who acted, for what staff did in the admin; empty otherwise.
    actor = models.ForeignKey(
        Member,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="actions_taken",
        verbose_name=_("operator"),
    )
    created_at = models.DateTimeField(_("time"), default=timezone.now, db_index=True)

    class Meta:
        verbose_name = _("security event")
        verbose_name_plural = _("security events")
        ordering = ["-created_at"]
        indexes = [
            models.Index(fields=["kind", "created_at"]),
            models.Index(fields=["member", "created_at"]),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} · {self.email or '-'}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise ValueError("Security events are append-only.")
        super().save(*args, **kwargs)


class MemberSession(models.Model):
    """A device a member is logged in on, for the "Perangkat" page."""

    member = models.ForeignKey(
        Member, on_delete=models.CASCADE, related_name="device_sessions"
    )
    # A hash of the session key: the key itself is a bearer credential.
    session_key_hash = models.CharField(max_length=64, unique=True)
    user_agent = models.CharField(_("user agent"), max_length=300, blank=True)
    ip = models.GenericIPAddressField(_("IP address"), null=True, blank=True)
    created_at = models.DateTimeField(_("logged in at"), default=timezone.now)
    last_seen_at = models.DateTimeField(_("last seen"), default=timezone.now)

    class Meta:
        verbose_name = _("device session")
        verbose_name_plural = _("device sessions")
        ordering = ["-last_seen_at"]

    def __str__(self):
        return f"{self.member_id} · {self.user_agent[:40]}"


class Participant(models.Model):
    """A worker known to BPJS Ketenagakerjaan, loaded by `importparticipants`."""

    nik = models.CharField(
        _("NIK"), max_length=16, unique=True, validators=[nik_validator]
    )
    kpj_number = models.CharField(_("KPJ number"), max_length=20)
    full_name = models.CharField(_("full name"), max_length=150)
    date_of_birth = models.DateField(_("date of birth"))
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("participant")
        verbose_name_plural = _("participants")

    def __str__(self):
        return f"{self.nik} · {self.full_name}"


class LimitWaiver(models.Model):
    """
    An operator's leave for one code past the member's hourly and daily code caps,
    given on the call centre's support page. The next code a cap would refuse spends
    it (codes.issue_code, under the member row lock); unspent, it lapses.
    """

    class Reason(models.TextChoices):
        VERIFIED_BY_PHONE = (
            "verified_by_phone",
            _("the call centre verified the member on the phone"),
        )
        OTHER = "other", _("other (write it below)")

    member = models.ForeignKey(
        Member, on_delete=models.CASCADE, related_name="limit_waivers"
    )
    granted_by = models.ForeignKey(
        Member,
        on_delete=models.SET_NULL,
        null=True,
        related_name="limit_waivers_granted",
        verbose_name=_("granted by"),
    )
    reason = models.CharField(_("reason"), max_length=32, choices=Reason)
    note = models.CharField(_("note"), max_length=150, blank=True)
    created_at = models.DateTimeField(_("granted at"), default=timezone.now)
    used_at = models.DateTimeField(_("used at"), null=True, blank=True)

    class Meta:
        verbose_name = _("code limit waiver")
        verbose_name_plural = _("code limit waivers")
        indexes = [models.Index(fields=["member", "created_at"])]

    def __str__(self):
        return f"{self.member_id} · {self.created_at:%Y-%m-%d %H:%M}"
