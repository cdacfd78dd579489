#!/usr/bin/env bash
# A focused createAssessment probe on SQLite, for trying one change at a time:
#   bash benchmarks/assess-probe.sh [SECONDS] [WARMUP_SECONDS]
# STORE=postgres runs the node on a private PostgreSQL instead (scripts/postgres.sh), as run.sh does;
# PG_EXTRA=';Key=Value' is appended to its connection string (e.g. ';Max Auto Prepare=0').
# One Release node; a wrk warm-up (JIT) on 40,000 minted tokens, then wrk 2 threads × 64 connections
# (CONNS=N for another count; run.sh takes the best of 64 and 256) on fresh tokens (30,000 per second of the run). RATE=N then also measures p50/p99 at N req/s,
# open loop, on fresh tokens.
# PEAK=0 skips the peak step (with RATE set, for repeating a latency measurement quickly).
# PERF=1 also records a perf profile of the node to /tmp/bulwark-probe.perf (JIT symbols via perf maps);
# PERF_RATE=1 records the whole machine for 3 s of the RATE step to /tmp/bulwark-rate.perf.
# NODE_VARS="NAME=VALUE ..." sets variables for the node only (runtime knobs, to compare settings within one build).
# NODE_ERR=FILE keeps the node's standard error (for temporary traces) in FILE.
# TRACE_FSYNC=FILE records the node's fsync and pwrite64 calls for 3 s of the RATE step (perf trace) to FILE
# and prints, per thread and file descriptor, how many there were and how long the fsyncs took.
# DIRTY=FILE samples the machine's dirty page cache (/proc/meminfo) every half second of the whole probe
# to FILE ("HH:MM:SS.s MB") and prints the most dirty at once and the largest write-back within one sample.
# PREFILL=N stores N synthetic assessments (1.4 KB each, like a real one: an answer's text and 1 KB of
# features; created over the last N / 10,000 seconds, so within any retention) before the node starts,
# for measuring what a large table costs; with NODE_VARS="Bulwark__Assessments__PruneInterval=00:00:05"
# the retention pruner runs during the steps (docs/performance.md, tenth round).
# VELOCITY=N stores N velocity buckets (random keys, as many distinct addresses leave) whose 2-hour
# retention ends evenly over the 180 s after they are stored: with a short PruneInterval each pass
# deletes its share during the steps.
# With STORE=postgres the probe ends by printing PostgreSQL's WAL bytes (pg_stat_wal), what its live
# processes wrote (/proc/PID/io; in total, then by kind: backends, checkpointer, background writer...)
# and, when BULWARK_PG_OPTIONS sets log_min_duration_statement, its slow statements from the server's
# log (their times can be set beside DIRTY's).
# The RATE step also prints the node's disk writes and CPU time per assessment (/proc/PID/io and /proc/PID/stat)
# and how idle the machine was (/proc/stat).
# Needs what benchmarks/run.sh needs (wrk; run that once to install it).
# Comparing two builds: interleave their runs and take both orders (A B B A ...): in the seventh round
# (docs/performance.md) the build measured second had the higher peak in six pairs out of six.
set -euo pipefail
cd "$(dirname "$0")/.."
dur=${1:-8}
warm=${2:-5}
dotnet build Bulwark.slnx -c Release -nologo -v quiet >/dev/null
server=src/Bulwark.Server/bin/Release/net10.0/Bulwark.Server.dll
tool=benchmarks/Bulwark.LoadTest/bin/Release/net10.0/Bulwark.LoadTest.dll
work=$(mktemp -d /tmp/bulwark-probe.XXXXXX)
inputs=$(mktemp -d /dev/shm/bulwark-probe-inputs.XXXXXX 2>/dev/null || mktemp -d /tmp/bulwark-probe-inputs.XXXXXX)  # tokens: in memory, as in run.sh
PG_CONNECTION_EXTRA=";MaxPoolSize=60${PG_EXTRA:-}"
source benchmarks/store-env.sh
api_key=bench-api-key-0123456789abcdef
project=bench-project
pid=""
trap 'kill ${dirty_pid:-} 2>/dev/null || true; if [ -n "$pid" ]; then kill $pid 2>/dev/null || true; wait $pid 2>/dev/null || true; fi; rm -rf "$work" "$inputs"; if [ -n "$pgdata" ]; then bash scripts/postgres.sh stop "$pgdata"; fi' EXIT
node_env=(Bulwark__Bootstrap__Project=$project Bulwark__Bootstrap__ApiKey=$api_key Bulwark__Bootstrap__FullScoreLevels=true
  Bulwark__Limits__TokenRequestsPerMinute=0 Bulwark__Demo__Enabled=false Logging__LogLevel__Default=Warning
  Bulwark__DataDir="$work/data" "${store_env[@]}")
if [ "${PREFILL:-0}" -gt 0 ] || [ "${VELOCITY:-0}" -gt 0 ]; then
  env "${node_env[@]}" dotnet "$server" projects list >/dev/null  # creates the schema
fi
pg_sql() { psql -q -h 127.0.0.1 -p "$pg_port" -U bulwark -d postgres "$@" >/dev/null; }
sqlite_sql() { sqlite3 "$work/data/bulwark.db" "$1" >/dev/null; }
if [ "${VELOCITY:-0}" -gt 0 ]; then
  aged=$(( $(date +%s%3N) - 7200000 ))  # a bucket that starts here is past the retention now
  if [ "${STORE:-sqlite}" = postgres ]; then
    pg_sql -c "INSERT INTO velocity_buckets (key, kind, start, count) SELECT (random() * 9e18)::bigint, (i % 2)::smallint,
      $aged + i * 180000 / $VELOCITY, 1 FROM generate_series(1, $VELOCITY) AS i" -c "VACUUM ANALYZE velocity_buckets" -c CHECKPOINT
  else
    sqlite_sql "WITH RECURSIVE g(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM g WHERE i < $VELOCITY)
      INSERT INTO velocity_buckets (key, kind, start, count) SELECT random(), i % 2, $aged + i * 180000 / $VELOCITY, 1 FROM g;
      PRAGMA wal_checkpoint(TRUNCATE);"
  fi
  echo "stored $VELOCITY velocity buckets"
fi
if [ "${PREFILL:-0}" -gt 0 ]; then
  now_ms=$(( $(date +%s%3N) - PREFILL / 10 ))
  # Ids as AssessmentId makes them: the creation millisecond in 12 hex digits, then 12 random ones.
  if [ "${STORE:-sqlite}" = postgres ]; then
    pg_sql -c "INSERT INTO assessments (project_id, id, site_key, create_time, day, action, hostname, score, valid, invalid_reason, response, features)
      SELECT '$project', lpad(to_hex(t), 12, '0') || lpad(to_hex(i), 12, '0'), 'prefill', t, t / 86400000 + 719162, 'login',
        'localhost', 0.9, true, 0, repeat('x', 420), '\\x01'::bytea || decode(repeat('ab', 1000), 'hex')
      FROM (SELECT i, $now_ms + i / 10 AS t FROM generate_series(1, $PREFILL) AS i) AS g" -c "VACUUM ANALYZE assessments" -c CHECKPOINT
  else
    sqlite_sql "WITH RECURSIVE g(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM g WHERE i < $PREFILL)
      INSERT INTO assessments (project_id, id, site_key, create_time, day, action, hostname, score, valid, invalid_reason, response, features)
      SELECT '$project', printf('%012x%012x', t, i), 'prefill', t, t / 86400000 + 719162, 'login', 'localhost', 0.9, 1, 0, printf('%.420c', 'x'),
        randomblob(1001)
      FROM (SELECT i, $now_ms + i / 10 AS t FROM g); PRAGMA wal_checkpoint(TRUNCATE);"
  fi
  echo "prefilled $PREFILL assessments"
fi
if [ "${PREFILL:-0}" -gt 0 ] || [ "${VELOCITY:-0}" -gt 0 ]; then sync; fi
p=18555
while (echo > "/dev/tcp/127.0.0.1/$p") 2>/dev/null; do p=$((p + 1)); done
env "${node_env[@]}" DOTNET_PerfMapEnabled=${PERF:+1} DOTNET_EnableWriteXorExecute=${PERF:+0} ${NODE_VARS:-} dotnet "$server" --urls "http://127.0.0.1:$p" >"$work/node.log" 2>"${NODE_ERR:-$work/node.err}" &
pid=$!
base="http://127.0.0.1:$p"
for _ in $(seq 1 200); do curl -fs "$base/healthz" >/dev/null 2>&1 && break; sleep 0.1; done
key=$(curl -fs -X POST "$base/v1/projects/$project/keys" -H "x-goog-api-key: $api_key" \
  -d '{"displayName":"bench","webSettings":{"allowedDomains":["localhost"],"integrationType":"SCORE"}}' | sed -E 's/.*"name":"[^"]*\/keys\/([^"]+)".*/\1/')
mint() { dotnet "$tool" mint "$base" "$key" http://localhost "$1" "$inputs/tokens" >/dev/null; }
assess() { wrk -t2 -c${CONNS:-64} -d"$1"s -s benchmarks/wrk/tokens.lua "$base/v1/projects/$project/assessments" -- assess "$inputs/tokens" "$api_key" 2 "$key"; }
dirty_pid=""
if [ -n "${DIRTY:-}" ]; then
  (while true; do echo "$(date -u +%T.%N | cut -c1-10) $(awk '/^Dirty:/ {print int($2 / 1024)}' /proc/meminfo)"; sleep 0.5; done) >"$DIRTY" &
  dirty_pid=$!
fi
mint 40000
assess "$warm" >/dev/null
if [ "${PEAK:-1}" != 0 ]; then
  mint $((dur * 30000))
  perf_pid=""
  if [ -n "${PERF:-}" ]; then (sleep 1; perf record -F 999 -g $(if [ -n "${PERF_ALL:-}" ]; then echo -a; else echo -p $pid; fi) -o /tmp/bulwark-probe.perf -- sleep 3 >/dev/null 2>&1) & perf_pid=$!; fi
  assess "$dur" | grep -E "Requests/sec|Latency|Non-2xx"
  if [ -n "$perf_pid" ]; then wait "$perf_pid"; fi
fi
if [ -n "${RATE:-}" ]; then
  sent=$((RATE * (dur + dur / 2)))  # the rate step sends a warm-up of dur / 2 seconds, then dur measured ones
  mint $((sent + 100))
  rate_perf=""
  trace_pid=""
  if [ -n "${TRACE_FSYNC:-}" ]; then (sleep 4; timeout -s INT 3 perf trace -p $pid -e fsync,fdatasync,pwrite64 -o "$TRACE_FSYNC" >/dev/null 2>&1 || true) & trace_pid=$!; fi
  if [ -n "${PERF_RATE:-}" ]; then (sleep 4; perf record -F 999 -g -a -o /tmp/bulwark-rate.perf -- sleep 3 >/dev/null 2>&1) & rate_perf=$!; fi
  # Counters read before and after the step: the node's bytes written and CPU ticks (user + system,
  # system), the writer thread's ticks, the machine's idle and total ticks.
  written_bytes() { awk '/^write_bytes/ {print $2}' "/proc/$pid/io"; }
  node_ticks() { awk '{print $14 + $15}' "/proc/$pid/stat"; }
  node_sys_ticks() { awk '{print $15}' "/proc/$pid/stat"; }
  writer_ticks() { sed 's/.*) //' "$writer/stat" | awk '{print $12 + $13}'; }
  idle_ticks() { awk '/^cpu / {print $5 + $6; exit}' /proc/stat; }
  all_ticks() { awk '/^cpu / {s = 0; for (i = 2; i <= 9; i++) s += $i; print s; exit}' /proc/stat; }
  written=$(written_bytes); cpu=$(node_ticks); sys=$(node_sys_ticks)
  writer=$(grep -l "^Bulwark assessm" /proc/$pid/task/*/comm | head -1 | xargs dirname)
  wcpu=$(writer_ticks); idle=$(idle_ticks); total=$(all_ticks)
  dotnet "$tool" rate "$base/v1/projects/$project/assessments" assess "$RATE" "$dur" "$inputs/tokens" "$api_key" "$key"
  written=$(( $(written_bytes) - written )); cpu=$(( $(node_ticks) - cpu )); sys=$(( $(node_sys_ticks) - sys ))
  wcpu=$(( $(writer_ticks) - wcpu )); idle=$(( $(idle_ticks) - idle )); total=$(( $(all_ticks) - total ))
  echo "node disk writes: $written bytes, $(( written / sent )) per assessment (warm-up included)"
  tick=$(getconf CLK_TCK)
  echo "node CPU: $(( cpu * 1000000 / tick / sent )) µs per assessment ($(( sys * 100 / cpu )) % in the kernel; the group-commit writer's thread $(( wcpu * 1000000 / tick / sent )) µs); machine idle $(( idle * 100 / total )) % (warm-up included)"
  if [ -n "$rate_perf" ]; then wait "$rate_perf"; fi
  if [ -n "$trace_pid" ]; then
    wait "$trace_pid"
    # Lines look like "T ( D ms): THREAD/TID fsync(fd: N" (a call split in two is counted once, by its start).
    awk 'match($0, /\): (.+)\/[0-9]+ (fsync|fdatasync|pwrite64)\(fd: [0-9]+/) {
           s = substr($0, RSTART + 3, RLENGTH - 3); sub(/\/[0-9]+ /, " ", s); sub(/\(fd: /, " fd ", s)
           n[s]++
           if ($0 ~ /fsync|fdatasync/ && match($0, /\( *[0-9.]+ ms\)/)) { d = substr($0, RSTART + 1) + 0; t[s] += d; if (d > m[s]) m[s] = d }
         }
         END { for (s in n) if (s ~ /sync/) printf "%s: %d, %.2f ms on average, longest %.2f ms\n", s, n[s], t[s] / n[s], m[s]; else printf "%s: %d\n", s, n[s] }' "$TRACE_FSYNC" | sort
  fi
fi
if [ -n "$dirty_pid" ]; then
  kill "$dirty_pid"
  awk '{ if ($2 > most) most = $2; if (NR > 1 && prev - $2 > drop) drop = prev - $2; prev = $2 }
       END { printf "dirty page cache: at most %d MB at once; largest write-back within one sample %d MB\n", most, drop }' "$DIRTY"
fi
if [ -n "$pgdata" ]; then
  postmaster=$(head -1 "$pgdata/postmaster.pid")
  echo "PostgreSQL: $(psql -h 127.0.0.1 -p "$pg_port" -U bulwark -d postgres -Atc "SELECT pg_size_pretty(wal_bytes) FROM pg_stat_wal") of WAL;" \
    "its live processes wrote $(cat /proc/"$postmaster"/io $(pgrep -P "$postmaster" | sed 's|.*|/proc/&/io|') 2>/dev/null | awk '/^write_bytes/ { s += $2 } END { print int(s / 1048576) }') MB"
  # Which of them wrote it (the process title says: checkpointer, background writer, walwriter, a backend).
  for q in "$postmaster" $(pgrep -P "$postmaster"); do
    echo "$(awk '/^write_bytes/ {print int($2 / 1048576)}' /proc/"$q"/io 2>/dev/null) $(ps -o args= -p "$q" 2>/dev/null)"
  done | awk '$1 >= 1 { title = $0; sub(/^[0-9]+ (postgres: )?/, "", title); sub(/ +$/, "", title); if (title ~ /\(/) title = "backends"; w[title] += $1 }
              END { for (t in w) printf "  %s: %d MB\n", t, w[t] }' | sort -t: -k2 -rn
  slow=$(grep 'duration:' "$pgdata/server.log" || true)
  if [ -n "$slow" ]; then
    echo "$slow" | awk '{ n++; d = $0; sub(/.*duration: /, "", d); d += 0; if (d > m) m = d } END { printf "PostgreSQL slow statements: %d, the worst %.1f ms\n", n, m }'
    echo "$slow" | sed -E 's/^[0-9-]+ ([0-9:.]+) .*duration: /\1 /' | head -20
  fi
fi
