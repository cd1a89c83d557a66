/**
 * The sandbox answers from its own enumerations, transcribed from Microsoft's alert resource doc
 * (test/sandbox/defender/alertEnums.ts); the product has its own (nodes/shared/alerts/types.ts).
 * Neither may copy the other, so this is where a difference between them shows: each side was
 * written from the doc, and one of them is wrong.
 */
import {
	ALERT_SEVERITIES,
	ALERT_STATUSES,
	DETERMINATIONS_BY_CLASSIFICATION,
} from '../../nodes/shared/alerts/types';
import * as sandbox from '../sandbox/defender/alertEnums';

const sorted = (values: readonly string[]) => [...values].sort();

describe('the sandbox and the product agree on the alert enumerations', () => {
	it.each([
		['severity', sandbox.SEVERITIES, ALERT_SEVERITIES],
		['status', sandbox.STATUSES, ALERT_STATUSES],
		[
			'classification',
			Object.keys(sandbox.DETERMINATIONS_BY_CLASSIFICATION),
			Object.keys(DETERMINATIONS_BY_CLASSIFICATION),
		],
	])('%s: the same values', (_name, theirs, ours) => {
		expect(sorted(ours)).toEqual(sorted(theirs));
	});

	it.each(Object.keys(sandbox.DETERMINATIONS_BY_CLASSIFICATION))(
		'the determinations valid with %s',
		(classification) => {
			const key = classification as keyof typeof DETERMINATIONS_BY_CLASSIFICATION;
			expect(sorted(DETERMINATIONS_BY_CLASSIFICATION[key] ?? [])).toEqual(
				sorted(sandbox.DETERMINATIONS_BY_CLASSIFICATION[key]),
			);
		},
	);
});
