"""The login and logout pages."""

from django.contrib.auth import login as auth_login
from django.contrib.auth import logout as auth_logout
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_http_methods, require_POST

from accounts.core import limits
from accounts.core.clients import client_of
from accounts.core.web import (
    next_url,
    post_redirect_get,
    posted,
    remember_device,
    throttle_post,
)

from . import authentication
from .forms import LoginForm


@require_http_methods(["GET", "POST"])
@sensitive_post_parameters("password")
@never_cache
@throttle_post(limits.LOGINS_PER_ADDRESS)
@post_redirect_get("email")
def login(request: HttpRequest) -> HttpResponse:
    if request.user.is_authenticated:
        return redirect(next_url(request))
    form = LoginForm(posted(request))
    if form.is_valid():
        data = form.cleaned_data
        outcome = authentication.log_in(
            data["email"], data["password"], client_of(request)
        )
        if outcome.member:
            auth_login(request, outcome.member)
            return remember_device(request, redirect(next_url(request)), outcome.member)
        form.add_login_error(outcome.error, outcome.tries_left)
    typed_next = request.POST.get("next") or request.GET.get("next", "")
    context = {"form": form, "next": typed_next}
    return TemplateResponse(request, "accounts/login.html", context)


@require_POST
def logout(request: HttpRequest) -> HttpResponse:
    auth_logout(request)
    return redirect("accounts:login")
