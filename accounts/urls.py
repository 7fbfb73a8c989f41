from django.urls import path

from .core import views as core_views
from .login import views as login_views
from .recovery import views as recovery_views
from .registration import views as registration_views
from .selfservice import views as selfservice_views

app_name = "accounts"

urlpatterns = [
    path("", selfservice_views.home, name="home"),
    path("login/", login_views.login, name="login"),
    path("logout/", login_views.logout, name="logout"),
    path("help/", core_views.help, name="help"),
    path("programmes/<slug:slug>/", selfservice_views.programme, name="programme"),
    path("healthz/", core_views.healthz, name="healthz"),
    # Lupa Kata Sandi
    path("forgot-password/", recovery_views.forgot_password, name="forgot_password"),
    path("forgot-password/code/", recovery_views.verify_code, name="verify_code"),
    path(
        "forgot-password/code/resend/", recovery_views.resend_code, name="resend_code"
    ),
    path(
        "forgot-password/new-password/",
        recovery_views.set_password,
        name="set_password",
    ),
    path(
        "forgot-password/success/", recovery_views.reset_success, name="reset_success"
    ),
    # Lupa Akun: find the account, then the Lupa Kata Sandi steps above
    path("forgot-account/", recovery_views.forgot_account, name="forgot_account"),
    path("forgot-account/found/", recovery_views.account_found, name="account_found"),
    # Daftar
    path("register/", registration_views.register, name="register"),
    path("register/email/", registration_views.correct_email, name="correct_email"),
    # Self-service: the logged-in member's own account, and proving an address
    path(
        "account/password/", selfservice_views.change_password, name="change_password"
    ),
    path("account/data/", selfservice_views.update_data, name="update_data"),
    path("account/devices/", selfservice_views.devices_list, name="devices"),
    path(
        "account/devices/end-others/",
        selfservice_views.end_other_devices,
        name="end_other_devices",
    ),
    path("account/email/", selfservice_views.change_email, name="change_email"),
    path(
        "account/email/verify/",
        selfservice_views.start_email_verification,
        name="start_email_verification",
    ),
    path("email/verify/", selfservice_views.verify_email, name="verify_email"),
    path(
        "email/verify/resend/",
        selfservice_views.resend_email_code,
        name="resend_email_code",
    ),
]
