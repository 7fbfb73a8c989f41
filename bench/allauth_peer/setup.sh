#!/bin/sh
# Builds the allauth peer: its own virtualenv, its database, N users (default 5000).
#     bench/allauth_peer/setup.sh [N]
set -e
cd "$(dirname "$0")"
if [ ! -x .venv/bin/python ]; then
    "$(../../scripts/find-python)" -m venv .venv
fi
.venv/bin/pip install -q -r requirements.txt
DATABASE_URL=${PEER_DATABASE_URL:-postgres://postgres@127.0.0.1:5432/bench_allauth} \
    .venv/bin/python ../../scripts/ensure-database
.venv/bin/python manage.py migrate --noinput -v0
.venv/bin/python seed.py "${1:-5000}"
