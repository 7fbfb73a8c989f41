"""gunicorn settings: `gunicorn -c jmo/gunicorn.py jmo.wsgi`. Environment overrides."""

import multiprocessing
import os

bind = os.environ.get("BIND", "127.0.0.1:8000")
# Argon2 hashing is CPU-bound: one process per core, plus one to cover I/O waits.
workers = int(os.environ.get("WEB_CONCURRENCY", multiprocessing.cpu_count() + 1))
threads = 1
# A request never needs more than a few hashes; 30 s means something is stuck.
timeout = int(os.environ.get("GUNICORN_TIMEOUT", 30))
graceful_timeout = 30
keepalive = 5
# Recycle workers now and then so a slow leak can never grow without bound.
max_requests = 2000
max_requests_jitter = 200
accesslog = os.environ.get("GUNICORN_ACCESS_LOG", "-")
errorlog = "-"
