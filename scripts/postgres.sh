#!/usr/bin/env bash
# A private PostgreSQL for tests and benchmarks, on loopback, in a throw-away directory.
#   eval "$(bash scripts/postgres.sh start)"   # prints BULWARK_TEST_POSTGRES=... and BULWARK_PGDATA=...
#   bash scripts/postgres.sh stop "$BULWARK_PGDATA"
#   bash scripts/postgres.sh pause "$BULWARK_PGDATA"    # stops the server, keeps its data (an outage)
#   bash scripts/postgres.sh resume "$BULWARK_PGDATA"   # starts it again, on the same port
# Installs Debian's postgresql package when it is missing. BULWARK_PG_OPTIONS adds server options
# (e.g. "-c log_min_duration_statement=50" to see slow statements in the data directory's server.log).
set -euo pipefail
cmd=${1:-start}

pgbin() { ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1; }
as_owner() {
  if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

case "$cmd" in
  start)
    if [ -z "$(pgbin)" ]; then
      sudo_cmd=""; [ "$(id -u)" -eq 0 ] || sudo_cmd="sudo"
      DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -qq postgresql >/dev/null 2>&1 \
        || { $sudo_cmd apt-get update -qq >/dev/null && DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -qq postgresql >/dev/null; }
    fi
    bin=$(pgbin)
    port=${BULWARK_PG_PORT:-55432}
    # The first free port from there (another instance may be running).
    while (echo > "/dev/tcp/127.0.0.1/$port") 2>/dev/null; do port=$((port + 1)); done
    data=$(mktemp -d /tmp/bulwark-pg.XXXXXX)
    [ "$(id -u)" -eq 0 ] && chown postgres "$data"
    as_owner "$bin/initdb" -D "$data" -A trust -U bulwark -E UTF8 >/dev/null
    options="-p $port -k $data -c listen_addresses=127.0.0.1 -c max_connections=300 -c shared_buffers=256MB ${BULWARK_PG_OPTIONS:-}"
    echo "$options" > "$data/bulwark-options"
    as_owner "$bin/pg_ctl" -D "$data" -l "$data/server.log" -w -o "$options" start >/dev/null
    echo "export BULWARK_TEST_POSTGRES='Host=127.0.0.1;Port=$port;Username=bulwark;Database=postgres'"
    echo "export BULWARK_PGDATA='$data'"
    ;;
  stop)
    data=${2:?the data directory printed by start}
    as_owner "$(pgbin)/pg_ctl" -D "$data" -m fast stop >/dev/null 2>&1 || true
    rm -rf "$data"
    ;;
  pause)
    data=${2:?the data directory printed by start}
    as_owner "$(pgbin)/pg_ctl" -D "$data" -m fast -w stop >/dev/null
    ;;
  resume)
    data=${2:?the data directory printed by start}
    as_owner "$(pgbin)/pg_ctl" -D "$data" -l "$data/server.log" -w -o "$(cat "$data/bulwark-options")" start >/dev/null
    ;;
  *)
    echo "usage: $0 start | stop DATADIR | pause DATADIR | resume DATADIR" >&2; exit 2 ;;
esac
