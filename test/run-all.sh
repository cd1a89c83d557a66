#!/usr/bin/env bash
# The README's test command (`npm test`): installs what is missing, then lint, build, and every
# unit and contract suite (chaos included). Exits non-zero when any step fails. The last line is
# "tests: N passed, N failed". The end-to-end suites in a real n8n are `npm run test:e2e`: a fully
# cold clean-clone run of both took 79 min here, too close to CI's 90 (test/e2e/README.md), so they
# join this command once that is well inside the limit.
set -uo pipefail
cd "$(dirname "$0")/.."
bash test/scripts/ensure-deps.sh || exit 1
mkdir -p test/.out
rm -f test/.out/jest.json

failed_steps=()
step() {
	local name=$1; shift
	local started=$SECONDS
	echo "::: $name"
	if ! "$@"; then failed_steps+=("$name"); fi
	echo "::: $name: $((SECONDS - started)) s"
}

step lint npm run --silent lint
step build npm run --silent build
step "unit+contract" npx jest --ci --json --outputFile=test/.out/jest.json "$@"

passed=0; failed=0
if [ -f test/.out/jest.json ]; then
	read -r passed failed < <(node -e 'const r=require("./test/.out/jest.json");console.log(r.numPassedTests, r.numFailedTests + r.numRuntimeErrorTestSuites)')
fi
if [ ${#failed_steps[@]} -gt 0 ]; then
	echo "failed steps: ${failed_steps[*]}"
	[ "$failed" -eq 0 ] && failed=${#failed_steps[@]}
fi
echo "::: total: $SECONDS s"
echo "tests: $passed passed, $failed failed"
[ ${#failed_steps[@]} -eq 0 ]
