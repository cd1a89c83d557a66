#!/usr/bin/env bash
# The README's test command (`npm test`): installs what is missing, then lint, build, every unit and
# contract suite (chaos included) and the end-to-end and browser suites in a real n8n. Exits
# non-zero when any step fails. Each step prints how long it took; the last line is
# "tests: N passed, N failed".
# Arguments go to the unit/contract jest run (e.g. a path filter) and then skip the e2e suites
# (`npm run test:e2e` runs those alone).
set -uo pipefail
cd "$(dirname "$0")/.."
mkdir -p test/.out
rm -f test/.out/jest.json test/.out/e2e.json

# The e2e host (Node 24 + n8n 2.41.1, cached outside the repository) is prepared in the background
# from the very start: on a cold cache it is a 30-minute download and sqlite3 build that needs
# nothing from this repository's node_modules, so it runs beside the devDependencies install, lint
# and the unit suites.
setup_pid=
browser_pid=
services_pid=
if [ $# -eq 0 ]; then
	bash test/e2e/setup.sh >test/.out/e2e-setup.log 2>&1 &
	setup_pid=$!
	# Debian's chromium for the browser suites (test/browser/): an apt install (~1 min), likewise
	# independent of node_modules.
	bash test/browser/setup.sh >test/.out/browser-setup.log 2>&1 &
	browser_pid=$!
	# Debian's postgresql and redis-server for the queue-mode suites (test/e2e/queueMode.e2e.ts):
	# an apt install when missing, independent of node_modules too.
	bash test/e2e/services-setup.sh >test/.out/services-setup.log 2>&1 &
	services_pid=$!
	trap 'kill "$setup_pid" "$browser_pid" "$services_pid" 2>/dev/null' EXIT
fi

bash test/scripts/ensure-deps.sh || exit 1

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

if [ -z "$setup_pid" ]; then
	echo "::: e2e: skipped (a jest filter was given; npm run test:e2e runs the e2e suites)"
else
	echo "::: chromium (test/browser/setup.sh, started in the background)"
	if wait "$browser_pid"; then
		tail -n 1 test/.out/browser-setup.log
	else
		cat test/.out/browser-setup.log
		failed_steps+=("browser setup")
	fi
	echo "::: postgresql + redis (test/e2e/services-setup.sh, started in the background)"
	if wait "$services_pid"; then
		tail -n 1 test/.out/services-setup.log
	else
		cat test/.out/services-setup.log
		failed_steps+=("services setup")
	fi
	echo "::: e2e host (test/e2e/setup.sh, started in the background $SECONDS s ago)"
	if wait "$setup_pid"; then
		tail -n 3 test/.out/e2e-setup.log
		step e2e npx jest -c test/e2e/jest.e2e.config.js --ci --json --outputFile=test/.out/e2e.json
	else
		cat test/.out/e2e-setup.log
		failed_steps+=("e2e host setup")
	fi
fi

passed=0; failed=0
for report in test/.out/jest.json test/.out/e2e.json; do
	[ -f "$report" ] || continue
	read -r p f < <(node -e 'const r=require(process.argv[1]);console.log(r.numPassedTests, r.numFailedTests + r.numRuntimeErrorTestSuites)' "./$report")
	passed=$((passed + p)); failed=$((failed + f))
done
if [ ${#failed_steps[@]} -gt 0 ]; then
	echo "failed steps: ${failed_steps[*]}"
	[ "$failed" -eq 0 ] && failed=${#failed_steps[@]}
fi
echo "::: total: $SECONDS s"
echo "tests: $passed passed, $failed failed"
[ ${#failed_steps[@]} -eq 0 ]
