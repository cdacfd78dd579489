#!/usr/bin/env bash
# getMetrics on a large table:
#   N=1000000 bash benchmarks/metrics-probe.sh
# Starts a Release node, creates a site key, stops the node and stores N synthetic assessments of that
# key (1.4 KB each, like a real one, as assess-probe.sh's PREFILL) spread evenly over the last 28 days,
# getMetrics' window (SPAN_HOURS=H: over the last H hours instead, e.g. a busy key's day so far;
# YESTERDAY=1: over yesterday (UTC), with its 24 hour summaries stored beside them as getMetrics calls
# during that day leave them, so that the first call is the day's first after midnight, which
# summarises yesterday); then starts the node again and times CALLS getMetrics calls (default 3) with curl.
# The first call summarises the finished days, and the finished hours of today (each is counted from
# its assessments once); the ones after it read those summaries and count only the assessments of the
# hours not finished (docs/performance.md, twelfth and thirteenth rounds). STORE=postgres runs it on a private PostgreSQL (scripts/postgres.sh), as run.sh does.
# LOAD=R also sends R createAssessment/s during the first call (the load tool's open-loop rate step:
# 5 s of warm-up, then 10 s measured, the first call 3 s into those) and prints that step's
# p50/p99/max, to see whether summarising holds up the requests (the answers then count its
# assessments too).
# Needs sqlite3 for SQLite and wrk's tools as benchmarks/run.sh installs them.
set -euo pipefail
cd "$(dirname "$0")/.."
n=${N:-1000000}
dotnet build Bulwark.slnx -c Release -nologo -v quiet >/dev/null
server=src/Bulwark.Server/bin/Release/net10.0/Bulwark.Server.dll
work=$(mktemp -d /tmp/bulwark-metrics.XXXXXX)
source benchmarks/store-env.sh
api_key=bench-api-key-0123456789abcdef
project=bench-project
pid=""
trap 'if [ -n "$pid" ]; then kill $pid 2>/dev/null || true; wait $pid 2>/dev/null || true; fi; rm -rf "$work"; if [ -n "$pgdata" ]; then bash scripts/postgres.sh stop "$pgdata"; fi' EXIT
tool=benchmarks/Bulwark.LoadTest/bin/Release/net10.0/Bulwark.LoadTest.dll
node_env=(Bulwark__Bootstrap__Project=$project Bulwark__Bootstrap__ApiKey=$api_key Bulwark__Demo__Enabled=false
  Bulwark__Limits__TokenRequestsPerMinute=0
  Logging__LogLevel__Default=Warning Bulwark__DataDir="$work/data" "${store_env[@]}")
p=18655
while (echo > "/dev/tcp/127.0.0.1/$p") 2>/dev/null; do p=$((p + 1)); done
base="http://127.0.0.1:$p"
start_node() {
  env "${node_env[@]}" dotnet "$server" --urls "$base" >"$work/node.log" 2>&1 &
  pid=$!
  for _ in $(seq 1 200); do curl -fs "$base/healthz" >/dev/null 2>&1 && return; sleep 0.1; done
  echo "the node did not start" >&2; cat "$work/node.log" >&2; exit 1
}
stop_node() { kill "$pid"; wait "$pid" 2>/dev/null || true; pid=""; }

start_node
key=$(curl -fs -X POST "$base/v1/projects/$project/keys" -H "x-goog-api-key: $api_key" \
  -d '{"displayName":"bench","webSettings":{"allowedDomains":["localhost"],"integrationType":"SCORE"}}' | sed -E 's/.*"name":"[^"]*\/keys\/([^"]+)".*/\1/')
stop_node

# Creation times from 28 days (or SPAN_HOURS) ago to now, evenly; two actions, ten scores.
now_ms=$(date +%s%3N)
span=$((${SPAN_HOURS:-672} * 3600000))
if [ -n "${YESTERDAY:-}" ]; then
  now_ms=$((now_ms / 86400000 * 86400000 - 1))
  span=86400000
fi
# Yesterday's hours as the node summarises them (SummariseMissingAsync / SummariseAsync of the hour grain).
hours_sql="INSERT INTO score_hours (project_id, site_key, hour)
    SELECT DISTINCT project_id, site_key, create_time / 3600000 FROM assessments;
  INSERT INTO score_hour_counts (project_id, site_key, hour, action, score, count)
    SELECT project_id, site_key, create_time / 3600000, COALESCE(action, ''), CAST(ROUND(score * 100) AS INTEGER), COUNT(*)
    FROM assessments WHERE valid GROUP BY 1, 2, 3, 4, 5;"
[ -n "${YESTERDAY:-}" ] || hours_sql=""
if [ "${STORE:-sqlite}" = postgres ]; then
  psql -q -h 127.0.0.1 -p "$pg_port" -U bulwark -d postgres >/dev/null \
    -c "INSERT INTO assessments (project_id, id, site_key, create_time, day, action, hostname, score, valid, invalid_reason, response, features)
      SELECT '$project', lpad(to_hex(t), 12, '0') || lpad(to_hex(i), 12, '0'), '$key', t, t / 86400000 + 719162,
        CASE WHEN i % 2 = 0 THEN 'login' ELSE 'signup' END, 'localhost', (i % 10) / 10.0, true, 0, repeat('x', 420),
        '\\x01'::bytea || decode(repeat('ab', 1000), 'hex')
      FROM (SELECT i, $now_ms - $span + i * ($span / $n) AS t FROM generate_series(1, $n) AS i) AS g" \
    -c "${hours_sql:-SELECT 1}" -c "VACUUM ANALYZE assessments" -c CHECKPOINT
else
  sqlite3 "$work/data/bulwark.db" >/dev/null "WITH RECURSIVE g(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM g WHERE i < $n)
    INSERT INTO assessments (project_id, id, site_key, create_time, day, action, hostname, score, valid, invalid_reason, response, features)
    SELECT '$project', printf('%012x%012x', t, i), '$key', t, t / 86400000 + 719162, CASE WHEN i % 2 = 0 THEN 'login' ELSE 'signup' END,
      'localhost', (i % 10) / 10.0, 1, 0, printf('%.420c', 'x'), randomblob(1001)
    FROM (SELECT i, $now_ms - $span + i * ($span / $n) AS t FROM g); $hours_sql PRAGMA wal_checkpoint(TRUNCATE);"
fi
sync
if [ -n "${YESTERDAY:-}" ]; then
  echo "stored $n assessments of one key over yesterday, and its 24 hour summaries"
else
  echo "stored $n assessments of one key over the last ${SPAN_HOURS:-672} hours"
fi

start_node
# Each answer's buckets summed (overall and per action, so halved): every call should count all N.
counted() { grep -oE '"[0-9]+":"[0-9]+"' "$1" | sed -E 's/.*:"([0-9]+)"/\1/' | awk '{s += $1} END {print s / 2}'; }
call() {
  took=$(curl -fs -o "$work/metrics-$1.json" -w "%{time_total}" "$base/v1/projects/$project/keys/$key/metrics" -H "x-goog-api-key: $api_key")
  echo "getMetrics call $1: $took s, $(counted "$work/metrics-$1.json") assessments counted"
}
first=1
if [ -n "${LOAD:-}" ]; then
  dotnet "$tool" mint "$base" "$key" http://localhost $((LOAD * 15 + 100)) "$work/tokens" >/dev/null
  (sleep 8; call 1) &
  caller=$!
  dotnet "$tool" rate "$base/v1/projects/$project/assessments" assess "$LOAD" 10 "$work/tokens" "$api_key" "$key"
  wait "$caller"
  first=2
fi
for i in $(seq "$first" "${CALLS:-3}"); do call "$i"; done
