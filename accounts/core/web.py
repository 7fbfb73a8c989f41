"""What the views of every package share: a POST throttle and small request helpers."""

from functools import wraps

from django.conf import settings
from django.contrib import messages
from django.http import HttpRequest
from django.shortcuts import render, resolve_url
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _

from .clients import client_ip
from .throttle import hit


def throttle_post(scope: str, limit_setting: str):
    """Refuse a POST with a friendly 429 page once the client IP passes its limit."""

    def decorator(view):
        @wraps(view)
        def wrapper(request, *args, **kwargs):
            if request.method == "POST":
                ip = client_ip(request) or "unknown"
                retry_after = hit(scope, ip, getattr(settings, limit_setting))
                if retry_after:
                    context = {"retry_minutes": (retry_after + 59) // 60}
                    response = render(request, "429.html", context, status=429)
                    response["Retry-After"] = str(retry_after)
                    return response
            return view(request, *args, **kwargs)

        return wrapper

    return decorator


def posted(request: HttpRequest):
    """The POST data to bind a form to; an empty POST still shows its errors."""
    return request.POST if request.method == "POST" else None


def next_url(request: HttpRequest) -> str:
    candidate = request.POST.get("next") or request.GET.get("next") or ""
    allowed = url_has_allowed_host_and_scheme(
        candidate, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    )
    return candidate if allowed else resolve_url(settings.LOGIN_REDIRECT_URL)


def resend_allowed(request: HttpRequest, journey) -> bool:
    """Past the cool-down: True and a 'new code' message; else why not yet."""
    wait = journey.seconds_until_resend()
    if wait:
        messages.error(
            request,
            _("Wait %(seconds)d seconds before asking for a new code.")
            % {"seconds": wait},
        )
        return False
    messages.success(request, _("A new code is on its way. Check your email."))
    return True
