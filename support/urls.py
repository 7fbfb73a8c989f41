from django.urls import path

from . import views

app_name = "support"

urlpatterns = [
    path("", views.start, name="start"),
    path("email/", views.verify_email, name="verify_email"),
    path("email/resend/", views.resend_email_code, name="resend_email_code"),
    path("form/", views.request_form, name="request_form"),
    path("sent/", views.request_sent, name="request_sent"),
    path("status/", views.status, name="status"),
    path("not-me/<str:token>/", views.cancel, name="cancel"),
]
