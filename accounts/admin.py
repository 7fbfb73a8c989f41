"""
The Django admin for the call centre: find a member (email, NIK, KPJ), open the
member's support page (callcentre/) to see why the account is locked or a code does
not arrive, and act. Codes and the audit trail are read-only.
"""

import ipaddress

from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.contrib.auth.admin import UserAdmin
from django.contrib.auth.forms import AdminUserCreationForm, UserChangeForm
from django.contrib.auth.models import Group
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop, ngettext

from .callcentre import actions as support
from .callcentre import sentences
from .callcentre.status import code_status
from .callcentre.urls import admin_urls as support_urls
from .core import limits, lockout, members, operators
from .core.clients import client_of
from .core.web import throttle_post
from .models import Journey, Member, Participant, SecurityEvent, VerificationCode

# The admin login costs a hash like the member login: the same address budget.
admin.site.login = throttle_post(limits.LOGINS_PER_ADDRESS)(admin.site.login)
admin.site.site_header = _("JMO administration")
admin.site.site_title = _("JMO admin")
admin.site.index_title = _("JMO member service")

RECENT_EVENTS_SHOWN = 10
# Django 6.1's admin strings that its Indonesian catalogue lacks (the action list's
# blank choice, the date filter's label, the logged-out page): named here so that
# makemessages keeps them in ours, which Django reads before its own.
DJANGO_STRINGS_TRANSLATED_HERE = [
    gettext_noop("- Select an option -"),
    gettext_noop("Filter by %(field_name)s"),
    gettext_noop("Logout"),
]


class SetOrNotFilter(admin.SimpleListFilter):
    """Yes/no on whether a date field is set."""

    field = ""

    def lookups(self, request, model_admin):
        return [("yes", _("Yes")), ("no", _("No"))]

    def queryset(self, request, queryset):
        if self.value() in ("yes", "no"):
            return queryset.filter(**{f"{self.field}__isnull": self.value() == "no"})
        return queryset


class EmailVerifiedFilter(SetOrNotFilter):
    title = _("email verified")
    parameter_name = "email_verified"
    field = "email_verified_at"


class DataUpdatedFilter(SetOrNotFilter):
    title = _("data updated")
    parameter_name = "data_updated"
    field = "data_updated_at"


class LockedFilter(admin.SimpleListFilter):
    title = _("locked")
    parameter_name = "locked"

    def lookups(self, request, model_admin):
        return [("yes", _("Yes")), ("no", _("No"))]

    def queryset(self, request, queryset):
        now = timezone.now()
        if self.value() == "yes":
            return queryset.filter(locked_until__gt=now)
        if self.value() == "no":
            return queryset.exclude(locked_until__gt=now)
        return queryset


class MemberCreationForm(AdminUserCreationForm):
    class Meta(AdminUserCreationForm.Meta):
        model = Member
        fields = ["email", "full_name"]


class MemberChangeForm(UserChangeForm):
    class Meta(UserChangeForm.Meta):
        model = Member
        fields = "__all__"


# Fields whose change in the admin the member is told of (core/operators.py).
OPERATOR_CHANGES = {
    "email": "email",
    "email_verified_at": "email_verified",
    "data_updated_at": "data_updated",
    "is_active": "active",
}
PRIVILEGE_FIELDS = ["is_staff", "is_superuser", "groups", "user_permissions"]


def _is_other_staff(member: Member, operator: Member) -> bool:
    return (member.is_staff or member.is_superuser) and member.pk != operator.pk


@admin.register(Member)
class MemberAdmin(UserAdmin):
    form = MemberChangeForm
    add_form = MemberCreationForm
    ordering = ["email"]
    list_display = [
        "email",
        "support",
        "full_name",
        "kpj_number",
        "locked",
        "email_verified",
        "data_updated",
        "last_login",
    ]
    search_fields = ["email", "full_name", "=nik", "=kpj_number"]
    list_filter = [LockedFilter, EmailVerifiedFilter, DataUpdatedFilter, "is_staff"]
    readonly_fields = [
        "failed_login_count",
        "locked_until",
        "recent_events",
        "last_login",
        "date_joined",
    ]
    fieldsets = [
        (None, {"fields": ["email", "password"]}),
        (
            _("Member data"),
            {"fields": ["full_name", "nik", "kpj_number", "phone", "address"]},
        ),
        (_("Verification"), {"fields": ["email_verified_at", "data_updated_at"]}),
        (
            _("Security"),
            {"fields": ["failed_login_count", "locked_until", "recent_events"]},
        ),
        (
            _("Permissions"),
            {"fields": ["is_active", "is_staff", "is_superuser", "groups"]},
        ),
        (_("Dates"), {"fields": ["last_login", "date_joined"]}),
    ]
    add_fieldsets = [
        (
            None,
            {
                "classes": ["wide"],
                "fields": [
                    "email",
                    "full_name",
                    "usable_password",
                    "password1",
                    "password2",
                ],
            },
        )
    ]
    actions = ["unlock_members", "send_reset_codes", "mark_emails_verified"]

    @admin.display(description=_("locked"))
    def locked(self, member):
        now = timezone.now()
        if not member.is_locked(now):
            return "—"
        until = sentences.short_when(member.locked_until, now)
        text = _("Locked until %(when)s") % {"when": until}
        return format_html('<span class="jmo-locked">{}</span>', text)

    @admin.display(description=_("support"))
    def support(self, member):
        url = reverse("admin:accounts_member_support", args=[member.pk])
        return format_html(
            '<a class="jmo-support-link" href="{}">{}</a>', url, _("Support")
        )

    def get_urls(self):
        # Before the admin's own: its "<path:object_id>/" would take them.
        return support_urls(self) + super().get_urls()

    @admin.display(boolean=True, description=_("email verified"))
    def email_verified(self, member):
        return member.email_verified_at is not None

    @admin.display(boolean=True, description=_("data updated"))
    def data_updated(self, member):
        return member.data_updated_at is not None

    @admin.display(description=_("recent security events"))
    def recent_events(self, member):
        events = member.security_events.order_by("-created_at")[:RECENT_EVENTS_SHOWN]
        rows = format_html_join(
            "",
            "<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
            (
                (
                    timezone.localtime(event.created_at).strftime("%Y-%m-%d %H:%M:%S"),
                    event.get_kind_display(),
                    event.ip or "-",
                    event.detail,
                )
                for event in events
            ),
        )
        link = reverse("admin:accounts_securityevent_changelist")
        return format_html(
            '<table>{}</table><a href="{}?member__id__exact={}">{}</a>',
            rows,
            link,
            member.pk,
            _("All events of this member"),
        )

    def has_delete_permission(self, request, obj=None):
        return request.user.is_superuser

    def has_change_permission(self, request, obj=None):
        """Another staff account (its password, email, rights) is a superuser's."""
        if obj is not None and _is_other_staff(obj, request.user):
            return request.user.is_superuser
        return super().has_change_permission(request, obj)

    def get_readonly_fields(self, request, obj=None):
        """Only superusers grant or take away staff and superuser status or groups."""
        fields = list(super().get_readonly_fields(request, obj))
        if not request.user.is_superuser:
            fields += PRIVILEGE_FIELDS
        return fields

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        if change:
            changed = [
                OPERATOR_CHANGES[f] for f in form.changed_data if f in OPERATOR_CHANGES
            ]
            old_email = form.initial.get("email", "")
            operators.record_change(
                obj, request.user, changed, client_of(request), old_email=old_email
            )

    def user_change_password(self, request, id, form_url=""):
        """The admin's "set password" form, recorded under the operator's name."""
        member = self.get_object(request, unquote(id))
        before = member.password if member is not None else None
        response = super().user_change_password(request, id, form_url)
        if member is not None and request.method == "POST":
            member.refresh_from_db(fields=["password"])
            if member.password != before:
                operators.record_change(
                    member, request.user, ["password"], client_of(request)
                )
        return response

    @admin.action(description=_("Unlock the selected accounts"), permissions=["change"])
    def unlock_members(self, request, queryset):
        client, operator = client_of(request), request.user
        unlocked = 0
        for member in queryset:
            if lockout.unlock(member, client, detail="admin", actor=operator):
                operators.record_change(member, operator, ["unlocked"], client)
                unlocked += 1
        message = ngettext(
            "%(count)d account unlocked.", "%(count)d accounts unlocked.", unlocked
        )
        self.message_user(request, message % {"count": unlocked}, messages.SUCCESS)

    @admin.action(
        description=_("Send a password-reset code to the selected members"),
        permissions=["change"],
    )
    def send_reset_codes(self, request, queryset):
        """Each member's real outcome: on its way, or not sent and why (status.py)."""
        client, operator = client_of(request), request.user
        on_its_way = 0
        for member in queryset:
            outcome = support.send_reset_code(member, operator, client)
            if outcome.result == "code_on_its_way":
                on_its_way += 1
                continue
            level, text = sentences.outcome_message(outcome)
            self.message_user(request, f"{member.email}: {text}", level)
        if on_its_way:
            text = _("Reset codes on their way: %(count)d.") % {"count": on_its_way}
            self.message_user(request, text, messages.SUCCESS)

    @admin.action(description=_("Mark email verified"), permissions=["change"])
    def mark_emails_verified(self, request, queryset):
        changed = members.mark_email_verified(
            queryset, client_of(request), operator=request.user
        )
        message = ngettext(
            "%(count)d email marked verified.",
            "%(count)d emails marked verified.",
            changed,
        )
        self.message_user(request, message % {"count": changed}, messages.SUCCESS)


class ReadOnlyAdmin(admin.ModelAdmin):
    """Viewable by staff with the view permission; nobody adds, edits or deletes."""

    @admin.display(description=_("member"), ordering="member__email")
    def member_of(self, row):
        """The row's member under an Indonesian heading (the field has no label)."""
        return row.member or "-"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(VerificationCode)
class VerificationCodeAdmin(ReadOnlyAdmin):
    list_display = [
        "member_of",
        "purpose",
        "sent_to",
        "created_at",
        "expires_at",
        "verified_at",
        "used_at",
        "attempts",
        "status",
    ]
    list_filter = ["purpose", "created_at"]
    list_select_related = ["member"]
    search_fields = ["member__email", "sent_to", "=member__kpj_number"]
    # The hash never appears: it is not a listed or shown field.
    fields = [
        "member_of",
        "purpose",
        "sent_to",
        "created_at",
        "expires_at",
        "verified_at",
        "used_at",
        "retired_at",
        "attempts",
        "status",
    ]
    readonly_fields = fields
    date_hierarchy = "created_at"

    @admin.display(description=_("status"))
    def status(self, code):
        return sentences.code_status_label(code_status(code, timezone.now()))


@admin.register(Journey)
class JourneyAdmin(ReadOnlyAdmin):
    """What a browser did with its codes: the call centre sees where a member is."""

    list_display = ["created_at", "flow", "purpose", "status", "email", "member_of"]
    list_filter = ["flow", "status", "created_at"]
    list_select_related = ["member"]
    search_fields = ["email", "member__email", "=member__kpj_number"]
    date_hierarchy = "created_at"
    # The session binding never appears: it is not a listed or shown field.
    fields = [
        "created_at",
        "flow",
        "purpose",
        "status",
        "email",
        "member_of",
        "round",
        "wrong_attempts",
        "requested_at",
        "verified_at",
        "ended_at",
    ]
    readonly_fields = fields


@admin.register(SecurityEvent)
class SecurityEventAdmin(ReadOnlyAdmin):
    list_display = ["created_at", "kind", "email", "member_of", "ip", "detail"]
    list_filter = ["kind", "created_at"]
    list_select_related = ["member"]
    search_fields = ["email"]
    date_hierarchy = "created_at"
    fields = ["created_at", "kind", "member_of", "email", "ip", "user_agent", "detail"]
    readonly_fields = fields

    def get_search_results(self, request, queryset, search_term):
        results, may_have_duplicates = super().get_search_results(
            request, queryset, search_term
        )
        # IPs are matched exactly, and only when the term is one (inet columns
        # refuse anything else).
        try:
            ip = str(ipaddress.ip_address(search_term.strip()))
        except ValueError:
            return results, may_have_duplicates
        return results | queryset.filter(ip=ip), may_have_duplicates


@admin.register(Participant)
class ParticipantAdmin(ReadOnlyAdmin):
    list_display = ["nik", "kpj_number", "full_name", "date_of_birth", "updated_at"]
    search_fields = ["=nik", "=kpj_number", "full_name"]
    fields = list_display
    readonly_fields = fields


admin.site.unregister(Group)


@admin.register(Group)
class GroupAdmin(admin.ModelAdmin):
    """Groups carry permissions: only superusers see or change them."""

    search_fields = ["name"]
    filter_horizontal = ["permissions"]

    def has_module_permission(self, request):
        return request.user.is_superuser

    def has_view_permission(self, request, obj=None):
        return request.user.is_superuser

    def has_add_permission(self, request):
        return request.user.is_superuser

    def has_change_permission(self, request, obj=None):
        return request.user.is_superuser

    def has_delete_permission(self, request, obj=None):
        return request.user.is_superuser
