import logging

from django.conf import settings
from django.db import InterfaceError, OperationalError
from django.shortcuts import render
from django.utils import translation
from django.utils.cache import add_never_cache_headers, patch_vary_headers

from .limits import BudgetExhausted
from .web import retry_context

logger = logging.getLogger(__name__)


class ChosenLanguageMiddleware:
    """
    Speak Indonesian unless the person chose another language with the language switch.

    Unlike Django's LocaleMiddleware, the browser's Accept-Language is ignored: many
    members' phones are set to English while they expect the JMO app's Indonesian.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME, "")
        language = (
            chosen if chosen in dict(settings.LANGUAGES) else settings.LANGUAGE_CODE
        )
        translation.activate(language)
        request.LANGUAGE_CODE = language
        response = self.get_response(request)
        response.headers.setdefault("Content-Language", language)
        patch_vary_headers(response, ["Cookie"])
        return response


class DatabaseUnavailableMiddleware:
    """
    When the database cannot be reached, answer with a friendly page in Indonesian
    (503, Retry-After) instead of an error; the next request tries again.
    """

    RETRY_AFTER_SECONDS = 30

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if not isinstance(exception, (OperationalError, InterfaceError)):
            return None
        logger.error("Database unavailable: %r", exception)
        # A page of its own: base.html could need the session, which needs the database.
        response = render(request, "503.html", status=503)
        response["Retry-After"] = str(self.RETRY_AFTER_SECONDS)
        return response


class BudgetExhaustedMiddleware:
    """
    A request past one of its budgets (core/limits.py) gets a friendly page in
    Indonesian, status 429 and Retry-After, whichever page or the admin it came to.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if not isinstance(exception, BudgetExhausted):
            return None
        logger.info("Budget %s spent for %s", exception.budget.name, request.path)
        context = retry_context(exception.retry_after)
        response = render(request, "429.html", context, status=429)
        response["Retry-After"] = str(exception.retry_after)
        add_never_cache_headers(response)
        return response
