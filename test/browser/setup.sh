#!/usr/bin/env bash
# Makes Debian's chromium available for the browser tests (test/browser/) and `npm run screenshots`.
# Playwright never downloads a browser here (playwright-core drives /usr/bin/chromium): this network
# reaches only the npm registry and Debian's archive. Idempotent: returns at once when chromium is
# there. Installing needs root and apt (CI runs as root on Debian 12).
set -euo pipefail

CHROMIUM=/usr/bin/chromium
log() { printf '[browser-setup] %s\n' "$*" >&2; }
fail() {
	log "FAILED: $*"
	log "install Debian's chromium yourself (apt-get install chromium, as root) and run again"
	exit 1
}

# apt_retrying: apt-get that waits for another apt run's lock.
# shellcheck source=../scripts/apt.sh
source "$(dirname "$0")/../scripts/apt.sh"

if [ ! -x "$CHROMIUM" ]; then
	command -v apt-get >/dev/null || fail "$CHROMIUM is missing and apt-get is not available"
	[ "$(id -u)" -eq 0 ] || fail "$CHROMIUM is missing and installing it needs root (running as $(id -un))"
	started=$(date +%s)
	log "installing Debian's chromium (apt-get update && apt-get install chromium)"
	# Package lists may be missing or stale on a fresh machine; `update` first, as Debian advises.
	apt_retrying update || fail "apt-get update"
	apt_retrying install chromium || fail "apt-get install chromium"
	[ -x "$CHROMIUM" ] || fail "chromium was installed but $CHROMIUM is not there"
	log "installed in $(($(date +%s) - started)) s"
fi
version=$("$CHROMIUM" --version 2>/dev/null) || fail "$CHROMIUM does not run"
log "ready: $version"
