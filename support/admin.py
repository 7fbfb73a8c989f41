"""
The queue "Permintaan pemulihan akun": a list by age with the overdue ones marked,
and a review page per request (review.py) where operators holding the dedicated
permission see the images and decide. Nobody adds, edits or deletes rows here.
"""

from django.contrib import admin
from django.urls import path
from django.utils import timezone
from django.utils.html import format_html
from django.utils.timesince import timesince
from django.utils.translation import gettext_lazy as _

from accounts.core.identity import masked_email

from . import review
from .models import RecoveryRequest


class OverdueFilter(admin.SimpleListFilter):
    title = _("overdue")
    parameter_name = "overdue"

    def lookups(self, request, model_admin):
        return [("yes", _("Yes"))]

    def queryset(self, request, queryset):
        if self.value() == "yes":
            return queryset.filter(
                status__in=RecoveryRequest.OPEN, wait_until__lte=timezone.now()
            )
        return queryset


@admin.register(RecoveryRequest)
class RecoveryRequestAdmin(admin.ModelAdmin):
    list_display = ["number", "status", "age", "account", "approvals_given"]
    list_filter = ["status", OverdueFilter, "created_at"]
    search_fields = ["=number", "=nik", "=kpj_number", "new_email"]
    date_hierarchy = "created_at"
    list_select_related = ["member"]

    class Media:
        css = {"all": ["support-admin/css/queue.css"]}

    @admin.display(description=_("age"), ordering="created_at")
    def age(self, row):
        css = "jmo-overdue" if row.is_overdue(timezone.now()) else "jmo-age"
        return format_html('<span class="{}">{}</span>', css, timesince(row.created_at))

    @admin.display(description=_("account"))
    def account(self, row):
        return masked_email(row.member.email) if row.member else _("no match")

    @admin.display(description=_("approvals"))
    def approvals_given(self, row):
        return row.approvals.count()

    def get_urls(self):
        wrap = self.admin_site.admin_view
        given = {"model_admin": self}
        pages = [
            ("image/<str:public_id>/", review.image, "image"),
            ("<int:object_id>/approve/", review.approve, "approve"),
            ("<int:object_id>/reject/", review.reject, "reject"),
            ("<int:object_id>/apply/", review.apply, "apply"),
        ]
        mine = [
            path(route, wrap(view), given, name=f"support_recoveryrequest_{name}")
            for route, view, name in pages
        ]
        return mine + super().get_urls()

    def change_view(self, request, object_id, form_url="", extra_context=None):
        """The review page instead of a form: the row is never edited here."""
        return review.review(request, object_id, model_admin=self)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
