"""
`manage.py check --deploy` refuses, as errors, what the embedded default may use and
production must not: tasks outside a queue, a per-process cache, and missing compiled
message catalogues. With DEBUG on the same settings pass.
"""

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.checks import Tags, run_checks

ROOT = Path(__file__).resolve().parents[2]
QUEUE = "django_tasks_db.DatabaseBackend"
REDIS = "redis://127.0.0.1:6379/15"
ISSUE_ID = re.compile(r"\((\w+\.[EWC]\d+)\)")


def check_deploy(tmp_path, **environment) -> subprocess.CompletedProcess:
    """Run `check --deploy` with DEBUG off, a queue and Redis unless told otherwise."""
    inherited = {
        k: v
        for k, v in os.environ.items()
        if k not in {"DJANGO_ALLOW_ASYNC_UNSAFE", "CACHE_URL", "TASKS_BACKEND"}
    }
    env = {
        **inherited,
        "DEBUG": "false",
        "SECRET_KEY": "deploy-check-test-key-0123456789abcdefghijklmnopqrstuvwxyz",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}",
        "CACHE_URL": REDIS,
        "TASKS_BACKEND": QUEUE,
        **environment,
    }
    return subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
    )


def reported_errors(result) -> set:
    """The ids listed under ERRORS (not WARNINGS) in the check's report."""
    report = result.stdout + result.stderr
    if "ERRORS:" not in report:
        return set()
    errors = report.split("ERRORS:", 1)[1].split("WARNINGS:", 1)[0]
    return set(ISSUE_ID.findall(errors))


def reported_ids(result) -> set:
    """Every id in the report; fails if the check did not run to its report."""
    report = result.stdout + result.stderr
    assert "System check identified" in report, report
    return set(ISSUE_ID.findall(report))


def security_deploy_checks() -> list:
    """The deploy checks of this process's settings (the security tag: no database)."""
    return run_checks(tags=[Tags.security], include_deployment_checks=True)


@pytest.mark.parametrize(
    "backend",
    [
        "django.tasks.backends.immediate.ImmediateBackend",
        "django.tasks.backends.dummy.DummyBackend",
    ],
)
def test_tasks_outside_a_queue_are_a_deploy_error(tmp_path, backend):
    result = check_deploy(tmp_path, TASKS_BACKEND=backend)
    assert result.returncode != 0
    assert "jmo.E001" in reported_errors(result)
    assert "TASKS_BACKEND=django_tasks_db.DatabaseBackend" in result.stderr


def test_database_task_queue_passes_the_task_check(tmp_path):
    result = check_deploy(tmp_path, TASKS_BACKEND=QUEUE)
    assert "jmo.E001" not in reported_ids(result)


@pytest.mark.parametrize("cache_url", ["locmemcache://", "dummycache://"])
def test_per_process_cache_is_a_deploy_error(tmp_path, cache_url):
    result = check_deploy(tmp_path, CACHE_URL=cache_url)
    assert result.returncode != 0
    assert "jmo.E002" in reported_errors(result)
    assert "CACHE_URL=redis://" in result.stderr


def test_redis_cache_passes_the_cache_check(tmp_path):
    result = check_deploy(tmp_path, CACHE_URL=REDIS)
    assert "jmo.E002" not in reported_ids(result)


def test_embedded_settings_pass_every_check_with_debug_on(tmp_path):
    result = check_deploy(
        tmp_path,
        DEBUG="true",
        CACHE_URL="locmemcache://",
        TASKS_BACKEND="django.tasks.backends.immediate.ImmediateBackend",
    )
    assert not {i for i in reported_ids(result) if i.startswith("jmo.")}


def test_missing_compiled_catalogue_is_a_deploy_error(settings, tmp_path):
    settings.LOCALE_PATHS = [str(tmp_path)]
    (tmp_path / "id" / "LC_MESSAGES").mkdir(parents=True)
    (tmp_path / "id" / "LC_MESSAGES" / "django.po").write_text("")
    errors = [m for m in security_deploy_checks() if m.id == "jmo.E003"]
    assert len(errors) == 1
    assert errors[0].is_serious()
    assert str(tmp_path / "id" / "LC_MESSAGES" / "django.mo") in errors[0].msg


def test_compiled_catalogue_of_every_language_but_english_passes(settings, tmp_path):
    settings.LOCALE_PATHS = [str(tmp_path)]
    (tmp_path / "id" / "LC_MESSAGES").mkdir(parents=True)
    (tmp_path / "id" / "LC_MESSAGES" / "django.mo").write_bytes(b"")
    assert "jmo.E003" not in {m.id for m in security_deploy_checks()}


def test_missing_catalogue_passes_with_debug_on(settings, tmp_path):
    settings.DEBUG = True
    settings.LOCALE_PATHS = [str(tmp_path)]
    assert "jmo.E003" not in {m.id for m in security_deploy_checks()}
