from django.utils.translation import gettext_lazy as _

from accounts.core.forms import EmailField, JmoForm


class ForgotPasswordForm(JmoForm):
    email = EmailField(help_text=_("The email address registered in JMO."))
