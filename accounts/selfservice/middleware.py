from django.utils import timezone

from accounts.core.clients import client_of

from . import devices
from .signals import SEEN_KEY


class DeviceSeenMiddleware:
    """Notes when a logged-in device was last seen, at most every five minutes."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.user.is_authenticated:
            seen = request.session.get(SEEN_KEY, 0)
            now = timezone.now().timestamp()
            if now - seen > devices.SEEN_EVERY.total_seconds():
                devices.touch(request.session.session_key, client_of(request))
                request.session[SEEN_KEY] = now
        return self.get_response(request)
