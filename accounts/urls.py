from django.urls import path

from . import views

app_name = "accounts"

urlpatterns = [
    path("", views.home, name="home"),
    path("login/", views.login, name="login"),
    path("logout/", views.logout, name="logout"),
    path("help/", views.help, name="help"),
    path("account/password/", views.change_password, name="change_password"),
    path("account/data/", views.update_data, name="update_data"),
    path("account/devices/", views.devices_list, name="devices"),
    path(
        "account/devices/end-others/",
        views.end_other_devices,
        name="end_other_devices",
    ),
    path("account/email/", views.change_email, name="change_email"),
    path(
        "account/email/verify/",
        views.start_email_verification,
        name="start_email_verification",
    ),
    path("register/", views.register, name="register"),
    path("email/verify/", views.verify_email, name="verify_email"),
    path("email/verify/resend/", views.resend_email_code, name="resend_email_code"),
    path("healthz/", views.healthz, name="healthz"),
    path("forgot-password/", views.forgot_password, name="forgot_password"),
    path("forgot-password/code/", views.verify_code, name="verify_code"),
    path("forgot-password/code/resend/", views.resend_code, name="resend_code"),
    path("forgot-password/new-password/", views.set_password, name="set_password"),
    path("forgot-password/success/", views.reset_success, name="reset_success"),
]
