#!/usr/bin/env bash
# The production process layout on one machine (`make serve`), or one part of it:
#
#   scripts/serve.sh            prepare, then the task worker and the web server together
#   scripts/serve.sh prepare    migrate, create the cache table, collect static files
#   scripts/serve.sh web        gunicorn with WEB_CONCURRENCY workers on $BIND
#   scripts/serve.sh worker     the task worker (django-tasks' database backend)
#
# On several machines, run `web` on each app server and `worker` on one or more (see
# deploy/ for systemd units, a Procfile and an nginx site). Settings come from the
# environment (README, "Running in production"); for a try on this machine the defaults
# below serve plain HTTP on 127.0.0.1:8000 with a secret kept in var/secret_key.
set -euo pipefail
cd "$(dirname "$0")/.."

BIN=${VENV_BIN:-.venv/bin}
VAR=${HERITAGE_VAR_DIR:-var}
PORT=${PORT:-8000}
export DJANGO_SETTINGS_MODULE=${DJANGO_SETTINGS_MODULE:-heritage.settings.production}
export BIND=${BIND:-127.0.0.1:$PORT}
export ALLOWED_HOSTS=${ALLOWED_HOSTS:-127.0.0.1,localhost}
export SITE_BASE_URL=${SITE_BASE_URL:-http://$BIND}
export HTTPS=${HTTPS:-0}
if [ -z "${SECRET_KEY:-}" ]; then
  mkdir -p "$VAR"
  if [ ! -s "$VAR/secret_key" ]; then
    (umask 077 && "$BIN/python" -c "import secrets; print(secrets.token_urlsafe(50))" > "$VAR/secret_key")
  fi
  SECRET_KEY=$(cat "$VAR/secret_key")
  export SECRET_KEY
fi

prepare() {
  "$BIN/python" manage.py migrate --noinput
  "$BIN/python" manage.py createcachetable
  "$BIN/python" manage.py collectstatic --noinput --verbosity 0
}

web() {
  exec "$BIN/gunicorn" --config deploy/gunicorn.conf.py heritage.wsgi
}

# WORKER_ID must be stable across restarts and unique per worker (e.g. <host>-1, <host>-2):
# a worker that starts puts back in the queue what it had taken when it last died.
worker() {
  exec "$BIN/python" manage.py task_worker --interval "${WORKER_INTERVAL:-1}" --worker-id "${WORKER_ID:-$(hostname)-1}"
}

case "${1:-all}" in
  prepare) prepare ;;
  web) web ;;
  worker) worker ;;
  all)
    prepare
    "$BIN/python" manage.py task_worker --interval "${WORKER_INTERVAL:-1}" --worker-id "${WORKER_ID:-$(hostname)-1}" &
    worker_pid=$!
    trap 'kill "$worker_pid" 2>/dev/null || true' EXIT
    echo "Serving http://$BIND (gunicorn, ${WEB_CONCURRENCY:-auto} workers) with the task worker (pid $worker_pid)"
    "$BIN/gunicorn" --config deploy/gunicorn.conf.py heritage.wsgi
    ;;
  *) echo "usage: $0 [all|prepare|web|worker]" >&2; exit 2 ;;
esac
