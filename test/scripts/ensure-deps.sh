#!/usr/bin/env bash
# Installs the package's devDependencies when node_modules is missing or older than the lock file,
# so that the README's commands work on a fresh clone. Install scripts stay off (.npmrc): the
# offline registry cannot serve the binaries they would download, and none of them is needed here.
set -euo pipefail
cd "$(dirname "$0")/../.."
if [ ! -f node_modules/.package-lock.json ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
	echo "[deps] installing devDependencies (npm ci)…"
	npm ci --no-audit --no-fund --loglevel=error
fi
