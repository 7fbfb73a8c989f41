"""
Loaded by pytest before Django (`-p tests.environment` in pyproject.toml): the suite
runs with DEBUG off, as production does, so it needs a SECRET_KEY of its own. Tasks
run inside the request so that a test sees their mail at once; the tests that start
production processes set the queue backend themselves (tests/services.py).
"""

import os

os.environ.setdefault(
    "SECRET_KEY", "test-only-secret-key-not-for-production-0123456789"
)
os.environ.setdefault("SECURE_SSL_REDIRECT", "false")
os.environ.setdefault(
    "TASKS_BACKEND", "django.tasks.backends.immediate.ImmediateBackend"
)
