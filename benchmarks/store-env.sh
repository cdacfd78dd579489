# Sourced by the probes (assess-probe.sh, metrics-probe.sh): with STORE=postgres, starts a private
# PostgreSQL (scripts/postgres.sh) and sets store_env to the node's settings for it, with
# PG_CONNECTION_EXTRA appended to its connection string; pgdata (for `scripts/postgres.sh stop`) and
# pg_port. With SQLite (the default) store_env is empty and pgdata too.
store_env=()
pgdata=""
if [ "${STORE:-sqlite}" = postgres ]; then
  eval "$(bash scripts/postgres.sh start)"
  pgdata=$BULWARK_PGDATA
  pg_port=$(echo "$BULWARK_TEST_POSTGRES" | sed -E 's/.*Port=([0-9]+).*/\1/')
  store_env=(Bulwark__Storage__Provider=Postgres "Bulwark__Storage__ConnectionString=$BULWARK_TEST_POSTGRES${PG_CONNECTION_EXTRA:-}"
    "Bulwark__Secrets__MasterKey=$(head -c 32 /dev/urandom | base64)")
fi
