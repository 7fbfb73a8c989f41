"""Pages that belong to no journey: the health check and the help page."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from .emails import HELP_CONTACTS


@require_GET
def healthz(request: HttpRequest) -> HttpResponse:
    """For load balancers (and the benchmark's bare-Django baseline): no database."""
    return HttpResponse("ok", content_type="text/plain")


@require_GET
def help(request: HttpRequest) -> HttpResponse:
    return render(request, "accounts/help.html", {"help": HELP_CONTACTS})
