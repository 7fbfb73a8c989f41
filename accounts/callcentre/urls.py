"""The support page's URLs, inside the member admin (MemberAdmin.get_urls)."""

from django.urls import path

from . import views


def admin_urls(model_admin) -> list:
    wrap = model_admin.admin_site.admin_view
    given = {"model_admin": model_admin}
    pages = [
        ("", views.support, "support"),
        ("send-code/", views.send_code, "support_send_code"),
        ("unlock/", views.unlock, "support_unlock"),
        ("lift-limit/", views.lift_limit, "support_lift_limit"),
        ("data-updated/", views.mark_data_updated, "support_data_updated"),
    ]
    return [
        path(
            f"<int:member_pk>/support/{route}",
            wrap(view),
            given,
            name=f"accounts_member_{name}",
        )
        for route, view, name in pages
    ]
