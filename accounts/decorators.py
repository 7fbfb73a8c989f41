"""View guards shared by the pages."""

from functools import wraps

from django.conf import settings
from django.shortcuts import redirect, render

from .clients import client_ip
from .code_sessions import EmailSession, ResetSession
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


def reset_started(view):
    """Send the browser back to the start when it has no reset under way."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not ResetSession(request.session).email:
            return redirect("accounts:forgot_password")
        return view(request, *args, **kwargs)

    return wrapper


def email_verification_started(view):
    """
    An email verification must be under way in this session; one started while
    logged in continues only for that same member.
    """

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        journey = EmailSession(request.session)
        if not journey.email:
            return redirect("accounts:home")
        if journey.state.get("logged_in") and request.user.pk != journey.member_pk:
            journey.clear()
            return redirect("accounts:login")
        return view(request, *args, **kwargs)

    return wrapper
