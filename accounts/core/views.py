"""Pages that belong to no journey: the health check and the help page."""

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from .emails import HELP_CONTACTS

# Where the help page's contacts lead (the accounts BPJS Ketenagakerjaan runs).
CONTACT_LINKS = {
    "twitter": "https://twitter.com/bpjstkinfo",
    "facebook": "https://www.facebook.com/BPJSTKinfo",
}


@require_GET
def healthz(request: HttpRequest) -> HttpResponse:
    """For load balancers (and the benchmark's bare-Django baseline): no database."""
    return HttpResponse("ok", content_type="text/plain")


@require_GET
def help(request: HttpRequest) -> HttpResponse:
    """Bantuan Login: what to do when a code does not come, a lock, a lost address."""
    context = {
        "help": HELP_CONTACTS,
        "links": CONTACT_LINKS,
        "codes_per_hour": settings.JMO_CODES_PER_HOUR,
        "codes_per_day": settings.JMO_CODES_PER_DAY,
        "failures": settings.JMO_LOGIN_MAX_FAILURES,
        "lock_minutes": settings.JMO_LOCKOUT_SECONDS // 60,
    }
    return render(request, "accounts/help.html", context)
