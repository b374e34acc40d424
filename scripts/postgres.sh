#!/usr/bin/env bash
# A throwaway PostgreSQL server for the test suite: scripts/postgres.sh start | stop | url
# Listens on 127.0.0.1:${POSTGRES_TEST_PORT:-5433} only, trusts local connections, and keeps
# its data in a temporary folder that `stop` removes. Not for production.
set -euo pipefail
port="${POSTGRES_TEST_PORT:-5433}"
data="${TMPDIR:-/tmp}/heritage-postgres-$port"
url="postgres://postgres@127.0.0.1:$port/heritage"
as_owner=()
if [ "$(id -u)" = 0 ]; then as_owner=(runuser -u postgres --); fi

bin_dir() {
  local dir
  dir="$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)"
  if [ -z "$dir" ]; then
    echo "Installing PostgreSQL from Debian packages" >&2
    local sudo_cmd=""; [ "$(id -u)" = 0 ] || sudo_cmd="sudo"
    $sudo_cmd apt-get update -qq >&2
    DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -qq postgresql >&2
    dir="$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)"
  fi
  echo "$dir"
}

start() {
  local bin; bin="$(bin_dir)"
  if "$bin/pg_isready" -q -h 127.0.0.1 -p "$port"; then echo "PostgreSQL already running on port $port"; return 0; fi
  rm -rf "$data"
  mkdir -p "$data"
  [ "$(id -u)" = 0 ] && chown postgres: "$data"
  "${as_owner[@]}" "$bin/initdb" -D "$data" -U postgres -A trust -E UTF8 --locale=C.UTF-8 >/dev/null
  "${as_owner[@]}" "$bin/pg_ctl" -D "$data" -l "$data/server.log" -w -t 60 \
    -o "-p $port -k $data -c listen_addresses=127.0.0.1 -c fsync=off -c full_page_writes=off" start >/dev/null
  "${as_owner[@]}" "$bin/createdb" -h 127.0.0.1 -p "$port" -U postgres heritage
  echo "PostgreSQL is up: $url"
}

stop() {
  local bin; bin="$(bin_dir)"
  if [ -d "$data" ]; then
    "${as_owner[@]}" "$bin/pg_ctl" -D "$data" -m fast -w stop >/dev/null 2>&1 || true
    rm -rf "$data"
    echo "PostgreSQL stopped"
  fi
}

# restart [SECONDS]: stop the server (keeping its data), wait, start it again: the fault
# drill of tests/operations/test_database_restart.py.
restart() {
  local bin; bin="$(bin_dir)"
  "${as_owner[@]}" "$bin/pg_ctl" -D "$data" -m fast -w stop >/dev/null
  sleep "${1:-3}"
  "${as_owner[@]}" "$bin/pg_ctl" -D "$data" -l "$data/server.log" -w -t 60 \
    -o "-p $port -k $data -c listen_addresses=127.0.0.1 -c fsync=off -c full_page_writes=off" start >/dev/null
  echo "PostgreSQL restarted: $url"
}

case "${1:-}" in
  start) start ;;
  stop) stop ;;
  restart) restart "${2:-3}" ;;
  url) echo "$url" ;;
  *) echo "usage: $0 start|stop|restart [SECONDS]|url" >&2; exit 2 ;;
esac
