"""
Deployment checks (`manage.py check --deploy`): errors, not warnings, for settings the
embedded default may use and production must not, since nothing else would notice
them. With DEBUG on they say nothing.

- jmo.E001: tasks run inside the request (immediate backend) or never (dummy). Inside
  the request the reset request does the account-specific work and sends the mail
  itself, so its timing tells a registered address from an unknown one.
- jmo.E002: the cache is per process (local memory) or absent (dummy). Then every
  per-IP throttle and the unknown-address lockout count per process (or not at
  all), so several app servers multiply each budget.
- jmo.E003: a compiled message catalogue (django.mo, not in git) is missing, so the
  pages fall back to the English source text.
"""

from pathlib import Path

from django.conf import settings
from django.core.checks import Error, Tags, register
from django.utils.translation import to_locale

UNQUEUED_TASK_BACKENDS = {
    "django.tasks.backends.immediate.ImmediateBackend": (
        "tasks run inside the request, so the reset request's timing reveals which "
        "addresses are registered"
    ),
    "django.tasks.backends.dummy.DummyBackend": "tasks never run, so no mail is sent",
}
UNSHARED_CACHES = {
    "django.core.cache.backends.locmem.LocMemCache": "count per process, not shared",
    "django.core.cache.backends.dummy.DummyCache": "count nothing",
}


@register(Tags.security, deploy=True)
def check_task_backend(app_configs, **kwargs):
    backend = settings.TASKS["default"]["BACKEND"]
    if settings.DEBUG or backend not in UNQUEUED_TASK_BACKENDS:
        return []
    hint = "Set TASKS_BACKEND=django_tasks_db.DatabaseBackend and run `manage.py "
    hint += "db_worker` beside the app servers."
    message = f"TASKS uses {backend}: {UNQUEUED_TASK_BACKENDS[backend]}."
    return [Error(message, hint=hint, id="jmo.E001")]


@register(Tags.security, deploy=True)
def check_shared_cache(app_configs, **kwargs):
    backend = settings.CACHES["default"]["BACKEND"]
    if settings.DEBUG or backend not in UNSHARED_CACHES:
        return []
    message = f"CACHES uses {backend}: the per-IP throttles and the unknown-address "
    message += f"lockout {UNSHARED_CACHES[backend]}."
    hint = "Set CACHE_URL=redis://host:6379/0 (one Redis for every process)."
    return [Error(message, hint=hint, id="jmo.E002")]


@register(Tags.security, deploy=True)
def check_compiled_catalogues(app_configs, **kwargs):
    if settings.DEBUG:
        return []
    catalogues = [
        Path(path) / to_locale(code) / "LC_MESSAGES" / "django.mo"
        for path in settings.LOCALE_PATHS
        for code, _name in settings.LANGUAGES
        if code.split("-")[0] != "en"  # English is the source text
    ]
    return [
        Error(
            f"The compiled message catalogue {catalogue} is missing: the pages "
            "would show the English source text.",
            hint="Run `manage.py compilemessages` (`make messages`) when deploying.",
            id="jmo.E003",
        )
        for catalogue in catalogues
        if not catalogue.is_file()
    ]
