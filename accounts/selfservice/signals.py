"""Keeps the device list ("Perangkat") in step with logins and logouts."""

from django.contrib.auth.signals import user_logged_in, user_logged_out
from django.dispatch import receiver
from django.utils import timezone

from accounts.core.clients import client_of

from . import devices

SEEN_KEY = "device_seen_at"


@receiver(user_logged_in)
def remember_device(sender, request, user, **kwargs):
    if request is None or not hasattr(request, "session"):
        return
    if request.session.session_key is None:  # flushed by a change of user
        request.session.save()
    devices.record_login(user, request.session.session_key, client_of(request))
    request.session[SEEN_KEY] = timezone.now().timestamp()


@receiver(user_logged_out)
def forget_device(sender, request, user, **kwargs):
    if request is not None and request.session.session_key:
        devices.forget(request.session.session_key)
