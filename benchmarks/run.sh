#!/usr/bin/env bash
# The load benchmark, one command:   bash benchmarks/run.sh [SECONDS_PER_STEP]
# For each setup (SQLite one node; PostgreSQL one node; PostgreSQL two nodes behind nginx) and for a
# bare Kestrel endpoint (the ceiling; and the same endpoint echoing a createAssessment-sized body, to
# show what the protocol's bytes cost alone), it measures:
#   - peak throughput with wrk (2 threads; the best of 64 and 256 connections) for token issuance,
#     createAssessment with unique tokens, createAssessment with a replayed token, and siteverify;
#   - p50/p99 latency at a fixed offered load of half that peak, open loop (Bulwark.LoadTest rate);
#   - resident memory per node, and the database's rows and bytes per stored assessment.
# Everything runs on loopback on this machine; the results go to stdout and benchmarks/results/latest.md
# (latest-SETUPS.md for a run of some setups only).
# SETUPS="sqlite pg1 pg2" (the default) names the setups to measure (the ceiling is always measured);
# REPEAT=N measures each path's fixed load N times in a row (fresh tokens each time): the table shows
# the first, the notes every one, to see how often a stall sets the p99 of one step.
# NODE_VARS="NAME=VALUE ..." sets variables for the Bulwark nodes only (runtime knobs, as in assess-probe.sh).
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
dur=${1:-10}
threads=2
warm_conns=64
setups=" ${SETUPS:-sqlite pg1 pg2} "
repeat=${REPEAT:-1}
for setup in $setups; do
  case $setup in sqlite | pg1 | pg2) ;; *) echo "SETUPS: unknown setup '$setup' (sqlite, pg1, pg2)" >&2; exit 2 ;; esac
done
[[ $repeat =~ ^[1-9][0-9]*$ ]] || { echo "REPEAT: a whole number from 1, not '$repeat'" >&2; exit 2; }

need=()
command -v wrk >/dev/null 2>&1 || need+=(wrk)
command -v sqlite3 >/dev/null 2>&1 || need+=(sqlite3)
command -v nginx >/dev/null 2>&1 || [ -x /usr/sbin/nginx ] || need+=(nginx)
. scripts/apt-install.sh
apt_install "${need[@]}"
export PATH="$PATH:/usr/sbin"

dotnet build Bulwark.slnx -c Release -nologo -v quiet >/dev/null
server="$root/src/Bulwark.Server/bin/Release/net10.0/Bulwark.Server.dll"
tool="$root/benchmarks/Bulwark.LoadTest/bin/Release/net10.0/Bulwark.LoadTest.dll"
work=$(mktemp -d /tmp/bulwark-bench.XXXXXX)
# The generator's inputs (hundreds of MB of tokens per step) live in memory (tmpfs), not on the disk
# the databases fsync to: written to disk, the kernel flushed them some 30 s later, inside another step.
inputs=$(mktemp -d /dev/shm/bulwark-bench-inputs.XXXXXX 2>/dev/null || mktemp -d /tmp/bulwark-bench-inputs.XXXXXX)
eval "$(bash scripts/postgres.sh start)"
pids=()
cleanup() {
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
  wait 2>/dev/null || true
  bash scripts/postgres.sh stop "$BULWARK_PGDATA"
  rm -rf "$work" "$inputs"
}
trap cleanup EXIT

api_key=bench-api-key-0123456789abcdef
project=bench-project
next_port=18100
port() { while (echo > "/dev/tcp/127.0.0.1/$next_port") 2>/dev/null; do next_port=$((next_port + 1)); done; echo $next_port; next_port=$((next_port + 1)); }
wait_up() { for _ in $(seq 1 200); do curl -fs "$1/healthz" >/dev/null 2>&1 && return 0; sleep 0.1; done; echo "no answer from $1" >&2; exit 1; }

# start_node PORT [ENV=VALUE ...] -> pid
start_node() {
  local p=$1; shift
  env Bulwark__Bootstrap__Project=$project Bulwark__Bootstrap__ApiKey=$api_key Bulwark__Bootstrap__FullScoreLevels=true \
      Bulwark__Limits__TokenRequestsPerMinute=0 Bulwark__Demo__Enabled=false Logging__LogLevel__Default=Warning \
      "$@" ${NODE_VARS:-} dotnet "$server" --urls "http://127.0.0.1:$p" >"$work/node-$p.log" 2>&1 &
  pids+=($!)
  wait_up "http://127.0.0.1:$p"
}

# Peak throughput is the best of wrk at each of these connection counts. 64 is enough for the paths
# that only compute; the paths that commit to the database gain with more requests in flight (one
# commit, one fsync, serves every request waiting for it), so the peak at 64 alone understated them.
peak_conns="64 256"
# peak LABEL PREP wrk-args... -> prints "REQ_PER_S NON_2XX" of the best run; PREP (a command, or :) runs
# before each run, so that each one can have fresh tokens. Every run's rate goes to the notes.
peak() {
  local label=$1 prep=$2; shift 2
  local best=0 best_bad=0 seen="" c out r bad
  for c in $peak_conns; do
    $prep >/dev/null
    out=$(wrk -t$threads -c"$c" -d${dur}s "$@" 2>&1)
    r=$(echo "$out" | awk '/Requests\/sec/ { printf "%.0f", $2 }'); r=${r:-0}
    bad=$(echo "$out" | awk '/Non-2xx/ { print $5 }'); bad=${bad:-0}
    seen="$seen; $c connections $r"
    if [ "$r" -gt "$best" ]; then best=$r; best_bad=$bad; fi
  done
  echo "peak runs (req/s) of $label:${seen#;}" >>"$work/notes"
  echo "$best $best_bad"
}

rate() { dotnet "$tool" rate "$@"; }
# The p50, p99 and errors of a rate line, as the table's last three cells.
latency_cells() { echo "$1" | sed -E 's/.*p50_ms=([0-9.]+) p99_ms=([0-9.]+) max_ms=[0-9.]+ errors=([0-9]+).*/\1 | \2 | \3/'; }
# Unmeasured wrk runs as long as the measured one until throughput stops growing (two runs in a row
# less than 5 % over the best before them, at most 8 runs): on two busy cores tiered compilation takes
# seconds to reach tier-1 code, and a fresh node behind nginx needed about 16 s of token requests to
# get there. One fixed 4 s warm-up left token issuance measuring the JIT at half its speed, and
# stopping at the first run that did not grow ended two nodes' warm-up after a dip in its second run
# (4,050 then 3,771 req/s), measuring their token issuance at 6,044. The rates go to the notes.
# warm LABEL wrk-args...
warm() {
  local label=$1 best=0 flat=0 r seen=""; shift
  for _ in 1 2 3 4 5 6 7 8; do
    r=$(wrk -t$threads -c$warm_conns -d${dur}s "$@" 2>&1 | awk '/Requests\/sec/ { printf "%.0f", $2 }')
    r=${r:-0}
    seen="$seen $r"
    if [ "$r" -gt $((best + best / 20)) ]; then flat=0; else flat=$((flat + 1)); fi
    [ "$r" -gt "$best" ] && best=$r
    [ "$flat" -ge 2 ] && break
  done
  echo "warm-up runs (req/s) before $label:$seen" >>"$work/notes"
}
mint() { dotnet "$tool" mint "$1" "$2" http://localhost "$3" "$4"; }
rss_mb() { awk '/VmRSS/ { printf "%.0f", $2 / 1024 }' "/proc/$1/status"; }

results="$work/results.md"
printf '| setup | path | peak req/s | × ceiling | non-2xx at peak | p50 ms @ half | p99 ms @ half | errors @ half |\n| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: |\n' >"$results"

# --- the ceiling: a bare Kestrel endpoint returning a small JSON object ------------------------
cp=$(port)
dotnet "$tool" ceiling --urls "http://127.0.0.1:$cp" >"$work/ceiling.log" 2>&1 &
pids+=($!); ceiling_pid=$!
for _ in $(seq 1 100); do curl -fs "http://127.0.0.1:$cp/" >/dev/null 2>&1 && break; sleep 0.1; done
warm "the ceiling" "http://127.0.0.1:$cp/"
read -r ceiling _ <<<"$(peak "the ceiling" : "http://127.0.0.1:$cp/")"
half=$((ceiling / 2))
lat=$(rate "http://127.0.0.1:$cp/" ceiling "$half" "$dur")
echo "ceiling: $ceiling req/s; at $half: $lat"
echo "| bare Kestrel | GET small JSON | $ceiling | 1.00 | 0 | $(latency_cells "$lat") |" >>"$results"
# The same endpoint echoing a createAssessment-sized body (2,076-character tokens, as minted below):
# what moving the protocol's bytes costs with no work at all.
head -c $((2000 * 1557)) /dev/urandom | base64 -w 2076 | tr '+/' '-_' | head -2000 >"$inputs/echo-tokens"
echo_args=(-s benchmarks/wrk/tokens.lua "http://127.0.0.1:$cp/echo" -- assess "$inputs/echo-tokens" "$api_key" $threads echo-key)
warm "the echo" "${echo_args[@]}"
read -r echo_peak echo_bad <<<"$(peak "the echo" : "${echo_args[@]}")"
lat=$(rate "http://127.0.0.1:$cp/echo" assess $((echo_peak / 2)) "$dur" "$inputs/echo-tokens" "$api_key" echo-key)
echo "echo: $echo_peak req/s; at $((echo_peak / 2)): $lat"
echo "| bare Kestrel | POST a createAssessment's bytes, echoed | $echo_peak | $(awk -v a="$echo_peak" -v b="$ceiling" 'BEGIN { printf "%.2f", a / b }') | $echo_bad | $(latency_cells "$lat") |" >>"$results"
kill "$ceiling_pid"

# bench_setup NAME BASE_URL NODE_PIDS...
bench_setup() {
  local name=$1 base=$2; shift 2
  local key secret
  key=$(curl -fs -X POST "$base/v1/projects/$project/keys" -H "x-goog-api-key: $api_key" \
        -d '{"displayName":"bench","webSettings":{"allowedDomains":["localhost"],"integrationType":"SCORE"}}' | sed -E 's/.*"name":"[^"]*\/keys\/([^"]+)".*/\1/')
  secret=$(curl -fs "$base/v1/projects/$project/keys/$key:retrieveLegacySecretKey" -H "x-goog-api-key: $api_key" | sed -E 's/.*"legacySecretKey":"([^"]+)".*/\1/')
  local assess="$base/v1/projects/$project/assessments"

  run_path() { # LABEL PEAK_LINE RATE_KIND RATE_URL [FILE] [KEY]
    local label=$1 line=$2 kind=$3 url=$4 file=${5:-} k=${6:-}
    local p bad; read -r p bad _ <<<"$line"
    local h=$((p / 2)) l="" li windows="" i
    for i in $(seq 1 "$repeat"); do
      if [ -n "$file" ] && [ "$kind" != replay ] && [ "$kind" != token ]; then mint "$base" "$key" $((h * (dur + dur / 2) + 100)) "$file"; fi
      li=$(rate "$url" "$kind" "$h" "$dur" $file $k "$key")
      [ -n "$l" ] || l=$li
      windows="$windows; $(echo "$li" | sed -E 's/.*p50_ms=([0-9.]+) p99_ms=([0-9.]+) max_ms=([0-9.]+) errors=([0-9]+).*/\1\/\2\/\3 (\4 errors)/')"
    done
    if [ "$repeat" -gt 1 ]; then echo "fixed-load steps of $name, $label at $h req/s (p50/p99/max ms):${windows#;}" >>"$work/notes"; fi
    echo "$name / $label: peak $p req/s (non-2xx $bad); at $h: $l"
    printf '| %s | %s | %s | %s | %s | %s |\n' "$name" "$label" "$p" "$(awk -v a="$p" -v b="$ceiling" 'BEGIN { printf "%.2f", a / b }')" "$bad" \
      "$(latency_cells "$l")" >>"$results"
  }

  local line
  dotnet "$tool" token-body "$base" "$key" "$inputs/token-body"
  warm "$name, token issuance" -s benchmarks/wrk/token.lua "$base/recaptcha/enterprise/token?k=$key" -- "$inputs/token-body"
  line=$(peak "$name, token issuance" : -s benchmarks/wrk/token.lua "$base/recaptcha/enterprise/token?k=$key" -- "$inputs/token-body")
  run_path "token issuance" "$line" token "$base/recaptcha/enterprise/token?k=$key" "$inputs/token-body"

  mint "$base" "$key" 30000 "$inputs/tokens"
  warm "$name, createAssessment" -s benchmarks/wrk/tokens.lua "$assess" -- assess "$inputs/tokens" "$api_key" $threads "$key"
  fresh_tokens() { mint "$base" "$key" $((dur * 30000)) "$inputs/tokens"; }
  line=$(peak "$name, createAssessment, unique tokens" fresh_tokens -s benchmarks/wrk/tokens.lua "$assess" -- assess "$inputs/tokens" "$api_key" $threads "$key")
  run_path "createAssessment, unique tokens" "$line" assess "$assess" "$inputs/tokens" "$api_key"

  line=$(peak "$name, createAssessment, replayed token" : -s benchmarks/wrk/tokens.lua "$assess" -- replay "$inputs/tokens" "$api_key" $threads "$key")
  run_path "createAssessment, replayed token" "$line" replay "$assess" "$inputs/tokens" "$api_key"

  line=$(peak "$name, siteverify" fresh_tokens -s benchmarks/wrk/tokens.lua "$base/recaptcha/api/siteverify" -- siteverify "$inputs/tokens" "$secret" $threads)
  run_path "siteverify" "$line" siteverify "$base/recaptcha/api/siteverify" "$inputs/tokens" "$secret"

  local mem=""; for pid in "$@"; do mem="$mem $(rss_mb "$pid") MB"; done
  echo "$name: resident memory per node:$mem; $(db_cost)"
  echo "$name: resident memory per node:$mem; $(db_cost)" >>"$work/notes"
}

# --- SQLite, one node ----------------------------------------------------------------------------
if [[ $setups == *" sqlite "* ]]; then
p1=$(port); data="$work/sqlite"
start_node "$p1" Bulwark__DataDir="$data"
node=${pids[-1]}
db_cost() {
  local rows bytes
  sqlite3 "$data/bulwark.db" "PRAGMA wal_checkpoint(TRUNCATE);" >/dev/null
  rows=$(sqlite3 "$data/bulwark.db" "SELECT COUNT(*) FROM assessments")
  bytes=$(stat -c %s "$data/bulwark.db")
  echo "database: $rows assessments, $bytes bytes in the SQLite file = $((bytes / (rows > 0 ? rows : 1))) bytes per assessment"
}
bench_setup "SQLite, 1 node" "http://127.0.0.1:$p1" "$node"
kill "$node"; wait "$node" 2>/dev/null || true
fi

# --- PostgreSQL ------------------------------------------------------------------------------------
pg_env() {
  local db=$1
  echo "Bulwark__Storage__Provider=Postgres Bulwark__Storage__ConnectionString=${BULWARK_TEST_POSTGRES/Database=postgres/Database=$db};MaxPoolSize=60 Bulwark__Secrets__MasterKey=$master"
}
master=$(head -c 32 /dev/urandom | base64)
pgport=$(echo "$BULWARK_TEST_POSTGRES" | sed -E 's/.*Port=([0-9]+).*/\1/')
pg() { psql "host=127.0.0.1 port=$pgport user=bulwark dbname=$1" -qtAc "$2"; }

for nodes in 1 2; do
  [[ $setups == *" pg$nodes "* ]] || continue
  db="bench_$nodes"; pg postgres "CREATE DATABASE $db"
  db_cost() {
    local rows bytes
    rows=$(pg "$db" "SELECT COUNT(*) FROM assessments")
    bytes=$(pg "$db" "SELECT pg_total_relation_size('assessments') + pg_total_relation_size('spent_tokens')")
    echo "database: $rows assessments, $bytes bytes in assessments + spent_tokens (tables and indexes) = $((bytes / (rows > 0 ? rows : 1))) bytes per assessment"
  }
  node_pids=()
  ports=()
  for n in $(seq 1 $nodes); do
    pn=$(port); ports+=("$pn")
    # shellcheck disable=SC2046
    start_node "$pn" $(pg_env "$db") Bulwark__DataDir="$work/pg-$nodes-$n"
    node_pids+=("${pids[-1]}")
  done
  base="http://127.0.0.1:${ports[0]}"
  if [ "$nodes" -gt 1 ]; then
    np=$(port); mkdir -p "$work/nginx"
    ups=""; for pn in "${ports[@]}"; do ups="$ups server 127.0.0.1:$pn;"; done
    cat >"$work/nginx/nginx.conf" <<CONF
worker_processes 1; pid $work/nginx/nginx.pid; error_log $work/nginx/error.log warn;
events { worker_connections 4096; }
http { access_log off; client_body_temp_path $work/nginx/b; proxy_temp_path $work/nginx/p; fastcgi_temp_path $work/nginx/f; uwsgi_temp_path $work/nginx/u; scgi_temp_path $work/nginx/s;
  upstream bulwark { $ups keepalive 128; }
  server { listen 127.0.0.1:$np; location / { proxy_pass http://bulwark; proxy_http_version 1.1; proxy_set_header Connection ""; } } }
CONF
    nginx -p "$work/nginx" -c "$work/nginx/nginx.conf" -g 'daemon off;' &
    pids+=($!)
    base="http://127.0.0.1:$np"
    wait_up "$base"
  fi
  bench_setup "PostgreSQL, $nodes node(s)" "$base" "${node_pids[@]}"
  for p in "${node_pids[@]}"; do kill "$p"; wait "$p" 2>/dev/null || true; done
done

echo
cat "$results"
echo
cat "$work/notes"
mkdir -p benchmarks/results
out=benchmarks/results/latest.md
# A run of some setups only does not replace the full table.
for setup in sqlite pg1 pg2; do
  [[ $setups == *" $setup "* ]] || out="benchmarks/results/latest-$(echo $setups | tr ' ' '-').md"
done
{ echo "Measured $(date -u +%F) with \`${NODE_VARS:+NODE_VARS=\"$NODE_VARS\" }${SETUPS:+SETUPS=\"$SETUPS\" }${REPEAT:+REPEAT=$REPEAT }bash benchmarks/run.sh $dur\` on $(nproc) cores ($(awk -F: '/model name/ { print $2; exit }' /proc/cpuinfo | xargs))."; echo; cat "$results"; echo; sed 's/^/- /' "$work/notes"; } > "$out"
