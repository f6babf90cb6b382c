#!/usr/bin/env bash
# `make serve`: the production set-up on this machine, for trying and benchmarking:
# migrations, collectstatic, gunicorn on the cores (127.0.0.1:8000) and Varnish in front on
# http://127.0.0.1:8080, a Celery worker and beat (background jobs and the schedule, Redis as
# the broker), with DEBUG=0 and the database and cache from DATABASE_URL / CACHE_URL.
# Ctrl-C stops them all. On a real host, run the same pieces under systemd (README, Production).
set -euo pipefail
cd "$(dirname "$0")/.."
PY=.venv/bin/python

export DEBUG=0
export SECRET_KEY="${SECRET_KEY:-$($PY -c 'import secrets; print(secrets.token_urlsafe(50))')}"
export ALLOWED_HOSTS="${ALLOWED_HOSTS:-127.0.0.1,localhost}"
export CACHE_URL="${CACHE_URL:-redis://127.0.0.1:6379/2}"
# Plain HTTP on this machine: no TLS redirect, no secure-only cookies, no HSTS.
export SECURE_SSL_REDIRECT="${SECURE_SSL_REDIRECT:-0}" SECURE_COOKIES="${SECURE_COOKIES:-0}"
export SECURE_HSTS_SECONDS="${SECURE_HSTS_SECONDS:-0}" SECURE_PROXY_SSL_HEADER=""
export SERVE_MEDIA="${SERVE_MEDIA:-1}"  # on a real host the front web server serves media
export VARNISH_URLS="${VARNISH_URLS:-http://127.0.0.1:8080}"
export CELERY_BROKER_URL="${CELERY_BROKER_URL:-redis://127.0.0.1:6379/3}"
WORKERS="${WEB_CONCURRENCY:-$(nproc)}"

if ! command -v varnishd >/dev/null && [ ! -x /usr/sbin/varnishd ]; then
  if [ "$(id -u)" = 0 ]; then
    echo "== installing Varnish (Debian: varnish varnish-modules)"
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq varnish varnish-modules
  else
    echo "Varnish is missing: sudo apt-get install varnish varnish-modules" >&2
    exit 1
  fi
fi

$PY manage.py migrate --noinput
$PY manage.py collectstatic --noinput -v 0
$PY manage.py seed_demo

.venv/bin/gunicorn newsportal.wsgi --workers "$WORKERS" --bind 127.0.0.1:8000 \
  --log-level warning &
app=$!
$PY manage.py varnish --listen 127.0.0.1:8080 --backend 127.0.0.1:8000 &
edge=$!
$PY -m celery -A newsportal worker --concurrency 2 --loglevel warning &
jobs=$!
$PY -m celery -A newsportal beat --loglevel warning --schedule /tmp/newsportal-beat-schedule &
clock=$!
trap 'kill $app $edge $jobs $clock 2>/dev/null; wait' INT TERM EXIT
echo "Serving: http://127.0.0.1:8080/ (Varnish) in front of gunicorn ($WORKERS workers) on :8000;"
echo "background jobs on a Celery worker and beat (broker $CELERY_BROKER_URL)"
wait -n
