/**
 * Runs the e2e suites longest first, so that two workers finish together. Jest would order them by
 * past durations, which a clean CI machine does not have, and then by file size, which here says
 * nothing (the demo suite is the shortest file and the longest run). Minutes are from runs on two
 * cores; a suite not listed runs last.
 */
const Sequencer = require('@jest/test-sequencer').default;

const EXPECTED_MINUTES = {
	'triggerScheduling.e2e.ts': 11,
	'demo.e2e.ts': 7,
	'trigger.e2e.ts': 7,
	// Queue mode: 5.4 and 1.6 min on an idle machine (2026-12-07), more beside another suite.
	'queueMode.e2e.ts': 7,
	'flows.e2e.ts': 4,
	'smoke.e2e.ts': 4,
	'soar.e2e.ts': 3.5,
	'queueExamples.e2e.ts': 3,
	// Two polls killed mid-delivery and replayed: 4.9–5.7 min (2026-12-07).
	'queueReplay.e2e.ts': 6,
	'onboarding.e2e.ts': 3,
	'editor.browser.ts': 5,
};

class LongestFirst extends Sequencer {
	sort(tests) {
		const minutes = (t) => EXPECTED_MINUTES[t.path.split('/').pop()] ?? 0;
		return [...tests].sort((a, b) => minutes(b) - minutes(a));
	}
}

module.exports = LongestFirst;
