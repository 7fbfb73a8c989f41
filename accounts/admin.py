from django.contrib import admin
from django.contrib.auth.admin import UserAdmin
from django.utils.translation import gettext_lazy as _

from .models import Member

admin.site.site_header = _("JMO administration")
admin.site.site_title = _("JMO admin")


@admin.register(Member)
class MemberAdmin(UserAdmin):
    ordering = ["email"]
    list_display = ["email", "full_name", "kpj_number", "is_staff", "last_login"]
    search_fields = ["email", "full_name", "nik", "kpj_number"]
    list_filter = ["is_staff", "is_active"]
    readonly_fields = [
        "failed_login_count",
        "locked_until",
        "last_login",
        "date_joined",
    ]
    fieldsets = [
        (None, {"fields": ["email", "password"]}),
        (_("Member data"), {"fields": ["full_name", "nik", "kpj_number", "phone"]}),
        (_("Verification"), {"fields": ["email_verified_at", "data_updated_at"]}),
        (_("Security"), {"fields": ["failed_login_count", "locked_until"]}),
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
                "fields": ["email", "full_name", "password1", "password2"],
            },
        )
    ]
