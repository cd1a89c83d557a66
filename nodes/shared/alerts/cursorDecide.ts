/**
 * What the cursor does with one new version of an alert on lastUpdateTime: emit it as created or
 * updated (or not, by the trigger's options), and what to remember of it. Pure.
 */
import type { AlertEvent, AlertEventType, Candidate, CursorOptions, SeenRecord } from './cursor';
import { changedFields, fingerprintAlert, SIGNIFICANT_FIELDS } from './cursorFingerprint';
import { compareTime, parseApiTime } from './time';
import type { TimeKey } from './time';

/** What to emit for one new version of an alert, and what to remember of it. */
export function decide(
	c: Candidate,
	record: SeenRecord | undefined,
	horizon: TimeKey,
	o: CursorOptions,
): { record: SeenRecord; event: AlertEvent | null } {
	const wants = (e: AlertEventType) => o.events.includes(e);
	const fp = wants('updated') ? fingerprintAlert(c.alert) : '';
	if (!record) {
		// No record: either never processed, or processed before the horizon and pruned. A pruned
		// alert was created before its record's time < horizon, so creation ≥ horizon means new.
		const created = parseApiTime(c.alert.alertCreationTime);
		if (created === null || compareTime(created, horizon) >= 0) {
			return {
				record: [c.t, fp],
				event: wants('created') ? { event: 'created', alert: c.alert } : null,
			};
		}
		// Older alert (pre-activation or forgotten): its previous values are unknown, so the
		// update is emitted in both modes rather than risk hiding a status change.
		const event = wants('updated')
			? { event: 'updated' as const, alert: c.alert, changedFields: null }
			: null;
		return { record: [c.t, fp], event };
	}
	// A record without a fingerprint (kept by a New-alert-only trigger) cannot say what changed.
	const changed = record[1] === '' ? null : changedFields(record[1], fp);
	const qualifies =
		o.updateMode === 'any' ||
		changed === null ||
		changed.some((field) => SIGNIFICANT_FIELDS.includes(field));
	if (qualifies && wants('updated')) {
		return {
			record: [c.t, fp],
			event: { event: 'updated', alert: c.alert, changedFields: changed },
		};
	}
	// Not emitted: remember the time (dedupe) but keep comparing with what was last emitted.
	return { record: [c.t, record[1]], event: null };
}
