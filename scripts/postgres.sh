#!/usr/bin/env bash
# A throwaway local PostgreSQL server for tests and for running the backend on
# its production database path. Installs Debian's postgresql when it is missing.
#
#   scripts/postgres.sh start   # idempotent; prints `export ...` lines for the connection
#   scripts/postgres.sh stop
#   scripts/postgres.sh status
#
# Env: TENANTS_PG_PORT (default 54329), TENANTS_PG_DIR (default /var/tmp/tenant-platform-postgres).
set -euo pipefail

port="${TENANTS_PG_PORT:-54329}"
dir="${TENANTS_PG_DIR:-/var/tmp/tenant-platform-postgres}"
data="$dir/data"
password="postgres"

log() { printf '[postgres] %s\n' "$*" >&2; }

pg_bindir() {
  local bin
  bin="$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)"
  [ -n "$bin" ] && [ -x "$bin/initdb" ] && echo "$bin"
}

as_postgres() {
  if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

ensure_installed() {
  if [ -z "$(pg_bindir)" ]; then
    log "installing Debian's postgresql"
    apt-get update -qq >&2
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >&2
  fi
}

print_env() {
  local major
  major="$("$(pg_bindir)/postgres" --version | sed -E 's/.* ([0-9]+)\..*/\1/')"
  cat <<ENV
export POSTGRES_HOST=127.0.0.1
export POSTGRES_PORT=$port
export POSTGRES_USER=postgres
export POSTGRES_PASSWORD=$password
export BACKSTAGE_TEST_DATABASE_POSTGRES${major}_CONNECTION_STRING=postgresql://postgres:$password@127.0.0.1:$port
ENV
}

is_running() {
  local bin; bin="$(pg_bindir)" || return 1
  [ -f "$data/PG_VERSION" ] && as_postgres "$bin/pg_ctl" -D "$data" status >/dev/null 2>&1
}

start() {
  ensure_installed
  local bin; bin="$(pg_bindir)"
  if ! is_running; then
    if [ ! -f "$data/PG_VERSION" ]; then
      log "initializing a cluster in $data"
      mkdir -p "$dir"
      chown postgres:postgres "$dir" 2>/dev/null || true
      local pwfile; pwfile="$(mktemp)"; echo "$password" > "$pwfile"; chmod 644 "$pwfile"
      as_postgres "$bin/initdb" -D "$data" -U postgres --pwfile="$pwfile" -A scram-sha-256 >/dev/null
      rm -f "$pwfile"
    fi
    log "starting on 127.0.0.1:$port"
    # pg_ctl -w waits for the server to accept connections (it watches the postmaster.pid status).
    as_postgres "$bin/pg_ctl" -D "$data" -w -t 60 -l "$dir/server.log" \
      -o "-p $port -k $dir -c listen_addresses=127.0.0.1 -c max_connections=200 -c fsync=off" start >/dev/null
  fi
  print_env
}

stop() {
  if is_running; then
    log "stopping"
    as_postgres "$(pg_bindir)/pg_ctl" -D "$data" -w -m fast stop >/dev/null
  fi
}

case "${1:-}" in
  start) start ;;
  stop) stop ;;
  status) if is_running; then echo "running on 127.0.0.1:$port"; else echo "stopped"; exit 1; fi ;;
  env) print_env ;;
  *) echo "usage: $0 start|stop|status|env" >&2; exit 2 ;;
esac
