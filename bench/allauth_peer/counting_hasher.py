"""
Django's Argon2 hasher, charging the CPU of each hash to a file: bench/peer.py reads it
to subtract the hashes each system really did in the run, instead of a figure measured
apart (Argon2's cost moves with what else the cores are doing). Used by both systems in
the bench only: bench/ours_settings.py for ours, BENCH_HASH_CPU_FILE for the peer.

process_time() covers every thread of the process: Argon2's lanes run in threads, and a
sync gunicorn worker serves one request at a time, so the difference is the hash's.
"""

import os
import time
from contextlib import contextmanager

from django.contrib.auth.hashers import Argon2PasswordHasher

_log = None


@contextmanager
def _charged():
    global _log
    started = time.process_time()
    try:
        yield
    finally:
        spent = time.process_time() - started
        if _log is None:
            _log = open(os.environ["BENCH_HASH_CPU_FILE"], "a", buffering=1)
        _log.write(f"{spent:.6f}\n")


class CountingArgon2Hasher(Argon2PasswordHasher):
    def encode(self, password, salt):
        with _charged():
            return super().encode(password, salt)

    def verify(self, password, encoded):
        with _charged():
            return super().verify(password, encoded)
