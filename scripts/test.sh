#!/usr/bin/env bash
# The test command: installs what the tests need on a fresh Debian machine, then runs every suite.
#   bash scripts/test.sh
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)

# --- what the machine needs -------------------------------------------------------------
need_apt=()
command -v chromium >/dev/null 2>&1 || need_apt+=(chromium)
command -v node >/dev/null 2>&1 || need_apt+=(nodejs npm)
command -v nginx >/dev/null 2>&1 || [ -x /usr/sbin/nginx ] || need_apt+=(nginx)
ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || need_apt+=(postgresql)
command -v sqlite3 >/dev/null 2>&1 || need_apt+=(sqlite3)   # BackupRestoreTests: the backup command of docs/operations.md
. scripts/apt-install.sh
apt_install "${need_apt[@]}"
command -v dotnet >/dev/null 2>&1 || { echo "The .NET 10 SDK (dotnet) is required." >&2; exit 1; }

echo "==> npm ci (tests/e2e)"
(cd tests/e2e && npm ci --no-audit --no-fund --loglevel=error)

# --- build and style ---------------------------------------------------------------------
echo "==> dotnet build"
dotnet build Bulwark.slnx -c Release -nologo -v quiet
echo "==> dotnet format --verify-no-changes"
dotnet format Bulwark.slnx --verify-no-changes --no-restore

# --- suites ------------------------------------------------------------------------------
log=$(mktemp)
echo "==> starting a private PostgreSQL (scripts/postgres.sh)"
eval "$(bash scripts/postgres.sh start)"
trap 'bash scripts/postgres.sh stop "$BULWARK_PGDATA"; rm -f "$log"' EXIT
export PATH="$PATH:/usr/sbin"
status=0

echo "==> dotnet test"
dotnet test Bulwark.slnx -c Release --no-build -nologo 2>&1 | tee -a "$log" || status=1

echo "==> node --test (official client, Chromium)"
export BULWARK_SERVER_DLL="$root/src/Bulwark.Server/bin/Release/net10.0/Bulwark.Server.dll"
(cd tests/e2e && npm test) 2>&1 | tee -a "$log" || status=1

# One closing line for all suites.
sum() { grep -oE "$1" "$log" | grep -oE '[0-9]+$' | awk '{ s += $1 } END { print s + 0 }'; }
passed=$(( $(sum 'Passed: +[0-9]+') + $(sum '^# pass [0-9]+') ))
failed=$(( $(sum 'Failed: +[0-9]+') + $(sum '^# fail [0-9]+') ))
echo
echo "${passed} passed, ${failed} failed"
[ "$status" -eq 0 ] && [ "$failed" -eq 0 ]
