#!/usr/bin/env bash
# Installs the package's devDependencies when node_modules is missing or older than the lock file,
# so that the README's commands work on a fresh clone. Install scripts stay off (.npmrc): the
# offline registry cannot serve the binaries they would download, and none of them is needed here.
set -euo pipefail
cd "$(dirname "$0")/../.."
if [ ! -f node_modules/.package-lock.json ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
	# `npm install`, not `npm ci`: the registry this project installs from lacks the other-platform
	# optional bindings of unrs-resolver (darwin, win32, ...), so the lock cannot list them and
	# `npm ci` rejects it as "out of sync". `npm install` keeps every locked version, skips the
	# optional packages it cannot fetch, and leaves package-lock.json unchanged (checked on a clean clone).
	echo "[deps] installing devDependencies (npm install, locked versions)…"
	npm install --no-audit --no-fund --loglevel=error
fi
