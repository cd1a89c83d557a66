#!/usr/bin/env bash
# `npm run lint`: n8n's own `n8n-node lint` (strict mode, unmodified eslint.config.mjs) over exactly
# what n8n's verification scanner checks and what we ship: package.json, index.ts, nodes/,
# credentials/, icons/. `n8n-node lint` always lints `.`, and its cloud rules (no process, timers,
# child processes…) cannot hold for test servers and harnesses, so it runs on a copy without test/.
# test/ is linted separately with test/eslint.config.mjs (TypeScript rules, no cloud allowlist).
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cp -r "$root"/{package.json,eslint.config.mjs,tsconfig.json,index.ts,nodes,credentials,icons} "$work"/ 2>/dev/null || true
ln -s "$root/node_modules" "$work/node_modules"
(cd "$work" && "$root/node_modules/.bin/n8n-node" lint)
cd "$root"
node_modules/.bin/eslint --max-warnings 0 -c test/eslint.config.mjs test
# Jest compiles tests with isolatedModules (no type check), so type errors in tests and test servers
# would otherwise go unnoticed.
node_modules/.bin/tsc --noEmit -p test/tsconfig.json
