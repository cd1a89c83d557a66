#!/usr/bin/env bash
# `npm run lint`: n8n's own `n8n-node lint` (strict mode, unmodified eslint.config.mjs) over exactly
# what n8n's verification scanner checks and what we ship: package.json, index.ts, nodes/,
# credentials/, icons/. `n8n-node lint` always lints `.`, and its cloud rules (no process, timers,
# child processes…) cannot hold for test servers and harnesses, so it runs on a copy without test/.
# test/ is linted separately with test/eslint.config.mjs (TypeScript rules, no cloud allowlist).
# Fails at the first failing step.
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cp -r "$root"/{package.json,eslint.config.mjs,tsconfig.json,index.ts,nodes,credentials,icons} "$work"/ 2>/dev/null || true
ln -s "$root/node_modules" "$work/node_modules"
(cd "$work" && "$root/node_modules/.bin/n8n-node" lint)
# n8n's verification scanner (test/scripts/scan-package.mjs): its own analyzePackage on the source and
# on the extracted `npm pack` tarball of a fresh build of that copy, as the real scan lints them
# (minus provenance and the downloads). The build goes after `n8n-node lint`, which would lint
# gulpfile.js as shipped code.
cp "$root"/{gulpfile.js,README.md,LICENSE.md} "$work"/
(cd "$work" && npm run --silent build >/dev/null)
node "$root/test/scripts/scan-package.mjs" --pack "$work"
cd "$root"
# The starter's formatting (.prettierrc.js; .prettierignore names the data files it leaves alone).
node_modules/.bin/prettier --check --log-level warn nodes credentials test
node_modules/.bin/eslint --max-warnings 0 -c test/eslint.config.mjs test
# Jest compiles tests with isolatedModules (no type check), so type errors in tests and test servers
# would otherwise go unnoticed.
node_modules/.bin/tsc --noEmit -p test/tsconfig.json
