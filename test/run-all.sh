#!/usr/bin/env bash
# The README's test command (`npm test`): installs what is missing, then lint, build, and every
# test suite. Exits non-zero when any step fails. The last line is "N passed, N failed".
set -uo pipefail
cd "$(dirname "$0")/.."
bash test/scripts/ensure-deps.sh || exit 1

failed_steps=()
step() {
	local name=$1; shift
	echo "::: $name"
	if ! "$@"; then failed_steps+=("$name"); fi
}

step lint npm run --silent lint
step build npm run --silent build
mkdir -p test/.out
step "unit+contract" npx jest --ci --json --outputFile=test/.out/jest.json "$@"

passed=0; failed=0
if [ -f test/.out/jest.json ]; then
	read -r passed failed < <(node -e 'const r=require("./test/.out/jest.json");console.log(r.numPassedTests, r.numFailedTests + r.numRuntimeErrorTestSuites)')
fi
if [ ${#failed_steps[@]} -gt 0 ]; then
	echo "failed steps: ${failed_steps[*]}"
	[ "$failed" -eq 0 ] && failed=${#failed_steps[@]}
fi
echo "tests: $passed passed, $failed failed"
[ ${#failed_steps[@]} -eq 0 ]
