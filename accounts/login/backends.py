from django.contrib.auth.backends import ModelBackend

from accounts.core.clients import Client, client_of
from accounts.models import MemberManager

from .authentication import log_in


class LockoutBackend(ModelBackend):
    """
    Django's model backend behind the members' lockout, so the admin login (and any
    other authenticate() call) counts failures and honours locks exactly as the
    member login page does.
    """

    def authenticate(self, request, username=None, password=None, **kwargs):
        email = MemberManager.normalize_email(username or kwargs.get("email"))
        if not email or password is None:
            return None
        client = client_of(request) if request is not None else Client()
        return log_in(email, password, client).member
