#!/usr/bin/env bash
# The evaluation command: Bulwark's scores for automation tools and for OS-driven human proxies.
#   bash scripts/evaluate.sh [--sessions N] [--human-sessions N] [--setups a,b,…] [--no-docs] [--note TEXT]
# Installs what is missing (apt, npm ci), builds the server in Release, starts Xvfb on a free
# display, runs evaluation/run.mjs and always cleans up (runner, browsers, server, Xvfb).
# Writes evaluation/results/latest.json and docs/evaluation.md. See docs/evaluation.md.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)

# --- what the machine needs -------------------------------------------------------------
need_apt=()
command -v chromium >/dev/null 2>&1 || need_apt+=(chromium)
command -v firefox-esr >/dev/null 2>&1 || need_apt+=(firefox-esr)
command -v Xvfb >/dev/null 2>&1 || need_apt+=(xvfb)
command -v xdotool >/dev/null 2>&1 || need_apt+=(xdotool)
command -v sqlite3 >/dev/null 2>&1 || need_apt+=(sqlite3)
command -v node >/dev/null 2>&1 || need_apt+=(nodejs npm)
. scripts/apt-install.sh
apt_install "${need_apt[@]}"
command -v dotnet >/dev/null 2>&1 || { echo "The .NET 10 SDK (dotnet) is required." >&2; exit 1; }
[ -d ../shared/data/human ] || [ -n "${BULWARK_HUMAN_DATA:-}" ] || {
  echo "Recorded human data not found at $(cd .. && pwd)/shared/data/human (set BULWARK_HUMAN_DATA)." >&2
  exit 1
}

# Nothing downloads a browser, now or at run time: the system's Chromium and Firefox are used.
export PUPPETEER_SKIP_DOWNLOAD=1 PUPPETEER_SKIP_CHROMIUM_DOWNLOAD=1 PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1

# npm ci only when the lock file changed since the last install.
stamp=evaluation/node_modules/.bulwark-lock-sha256
want=$(sha256sum evaluation/package-lock.json | cut -d' ' -f1)
if [ "$(cat "$stamp" 2>/dev/null)" != "$want" ]; then
  echo "==> npm ci (evaluation)"
  (cd evaluation && npm ci --no-audit --no-fund --loglevel=error)
  echo "$want" > "$stamp"
fi

echo "==> dotnet build (Release)"
dotnet build src/Bulwark.Server -c Release -nologo -v quiet >/dev/null

# --- a private X display ------------------------------------------------------------------
display=""
for n in $(seq 99 199); do
  if [ ! -e "/tmp/.X${n}-lock" ] && [ ! -e "/tmp/.X11-unix/X${n}" ]; then display=$n; break; fi
done
[ -n "$display" ] || { echo "no free X display in :99…:199" >&2; exit 1; }

xvfb_pid=""
runner_pid=""
cleanup() {
  local status=$?
  trap - EXIT INT TERM
  unset DISPLAY # so that nothing this function starts matches the scan below
  # The runner runs in a process group of its own: its browsers and the server go with it.
  if [ -n "$runner_pid" ] && kill -0 "$runner_pid" 2>/dev/null; then
    kill -TERM -- "-$runner_pid" 2>/dev/null || true
    for _ in 1 2 3 4 5 6 7 8 9 10; do kill -0 "$runner_pid" 2>/dev/null || break; sleep 1; done
    kill -KILL -- "-$runner_pid" 2>/dev/null || true
  fi
  # Human-proxy browsers have process groups of their own; anything still on our display is ours.
  for env in /proc/[0-9]*/environ; do
    pid=${env#/proc/}; pid=${pid%/environ}
    [ "$pid" = "$$" ] && continue
    if { tr '\0' '\n' < "$env"; } 2>/dev/null | grep -qx "DISPLAY=:${display}"; then kill -KILL "$pid" 2>/dev/null || true; fi
  done
  if [ -n "$xvfb_pid" ]; then kill "$xvfb_pid" 2>/dev/null || true; wait "$xvfb_pid" 2>/dev/null || true; fi
  exit "$status"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

echo "==> Xvfb :${display} (1920x1080x24)"
Xvfb ":${display}" -screen 0 1920x1080x24 -nolisten tcp >/dev/null 2>&1 &
xvfb_pid=$!
for _ in $(seq 1 50); do [ -e "/tmp/.X11-unix/X${display}" ] && break; sleep 0.1; done
[ -e "/tmp/.X11-unix/X${display}" ] || { echo "Xvfb did not start on :${display}" >&2; exit 1; }

echo "==> evaluation/run.mjs $*"
export DISPLAY=":${display}"
export EVAL_COMMAND="bash scripts/evaluate.sh${*:+ $*}"
export BULWARK_SERVER_DLL="$root/src/Bulwark.Server/bin/Release/net10.0/Bulwark.Server.dll"
setsid node evaluation/run.mjs "$@" &
runner_pid=$!
set +e
wait "$runner_pid"
status=$?
set -e
runner_pid=""
exit "$status"
