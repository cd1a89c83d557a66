#!/usr/bin/env bash
# Makes Debian's PostgreSQL and Redis available for the queue-mode e2e suites (queueMode*.e2e.ts)
# and the bench: n8n's scaling mode needs Postgres as its database and Redis between main and
# workers. Only the binaries are needed: each suite starts its own servers on free loopback ports
# with data directories of its own (test/e2e/queueServices.ts), never the system's services.
# Idempotent: returns at once when both are there. Installing needs root and apt (CI runs as root
# on Debian 12). Writes `<cache>/queue-services.json` (the binaries' paths), which
# queueServices.ts reads.
set -euo pipefail

CACHE=${DEFENDER_MSSP_CACHE:-$HOME/.cache/n8n-nodes-defender-mssp}
log() { printf '[services-setup] %s\n' "$*" >&2; }
fail() {
	log "FAILED: $*"
	log "install Debian's postgresql and redis-server yourself (apt-get install postgresql redis-server, as root) and run again"
	exit 1
}

# apt_retrying: apt-get that waits for another apt run's lock.
# shellcheck source=../scripts/apt.sh
source "$(dirname "$0")/../scripts/apt.sh"

# Debian installs the server binaries under /usr/lib/postgresql/<major>/bin (not on PATH).
pg_bin() { ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1; }

missing=()
[ -n "$(pg_bin)" ] && [ -x "$(pg_bin)/postgres" ] || missing+=(postgresql)
command -v redis-server >/dev/null || missing+=(redis-server)

if [ ${#missing[@]} -gt 0 ]; then
	command -v apt-get >/dev/null || fail "${missing[*]} missing and apt-get is not available"
	[ "$(id -u)" -eq 0 ] || fail "${missing[*]} missing and installing needs root (running as $(id -un))"
	started=$(date +%s)
	log "installing Debian's ${missing[*]} (apt-get update && apt-get install)"
	apt_retrying update || fail "apt-get update"
	# policy-rc.d exit 101 keeps the packages from starting the system-wide services: the suites
	# run their own servers and the machine's port 5432/6379 stays free. Only while we install.
	policy=/usr/sbin/policy-rc.d
	own_policy=
	if [ ! -e "$policy" ]; then
		printf '#!/bin/sh\nexit 101\n' >"$policy" && chmod +x "$policy" && own_policy=1
	fi
	apt_retrying install "${missing[@]}" || { [ -n "$own_policy" ] && rm -f "$policy"; fail "apt-get install ${missing[*]}"; }
	[ -n "$own_policy" ] && rm -f "$policy"
	log "installed in $(($(date +%s) - started)) s"
fi

PG_BIN=$(pg_bin)
[ -x "$PG_BIN/postgres" ] || fail "postgresql was installed but no /usr/lib/postgresql/*/bin/postgres exists"
REDIS=$(command -v redis-server) || fail "redis-server was installed but is not on PATH"
PSQL=$(command -v psql) || PSQL=$PG_BIN/psql
# Postgres refuses to run as root: the suites run it as the `postgres` system user the package
# creates (runuser), with a data directory that user owns.
id postgres >/dev/null 2>&1 || fail "the postgres system user is missing (the postgresql package creates it)"
pg_version=$("$PG_BIN/postgres" --version) || fail "$PG_BIN/postgres does not run"
redis_version=$("$REDIS" --version) || fail "$REDIS does not run"

mkdir -p "$CACHE"
cat >"$CACHE/queue-services.json" <<EOF
{
	"pgBin": "$PG_BIN",
	"psql": "$PSQL",
	"redisServer": "$REDIS"
}
EOF
log "ready: $pg_version; ${redis_version%% sha=*}"
