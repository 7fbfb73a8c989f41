"""Creates N users demo0@example.com ... with one shared Argon2 hash, in bulk, and
clears the cache (allauth's per-account rate limits of an earlier run)."""

import os
import sys

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "settings")
django.setup()

from django.contrib.auth.hashers import make_password  # noqa: E402
from django.contrib.auth.models import User  # noqa: E402
from django.core.cache import cache  # noqa: E402

count = int(sys.argv[1])
cache.clear()
User.objects.all().delete()
shared = make_password("Lama1234")
User.objects.bulk_create(
    User(username=f"demo{n}", email=f"demo{n}@example.com", password=shared)
    for n in range(count)
)
print(f"Seeded {count} users.")
