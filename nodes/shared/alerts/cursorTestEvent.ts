/**
 * The trigger's "Fetch Test Event": the newest alert, labelled as the trigger would. Pure.
 */
import type { AlertEvent, Candidate, CursorOptions } from './cursor';
import { compareTime, parseApiTime } from './time';
import type { DefenderAlert } from './types';

/**
 * "Fetch Test Event" (manual mode): the newest alert of the results, as the trigger would label
 * it, without reading or creating any cursor. Null when no alert has a usable lastUpdateTime.
 */
export function pickTestEvent(
	alerts: readonly DefenderAlert[],
	options: Partial<CursorOptions> = {},
): AlertEvent | null {
	let best: Candidate | null = null;
	for (const alert of alerts) {
		if (!alert || typeof alert.id !== 'string' || alert.id === '') continue;
		const t = parseApiTime(alert.lastUpdateTime);
		if (t === null) continue;
		if (!best || compareTime(t, best.t) > 0 || (t === best.t && alert.id > best.id)) {
			best = { id: alert.id, t, alert };
		}
	}
	if (!best) return null;
	// Without a choice, both events are on (as in resolveCursorOptions): a test event is "created".
	const events = (options.events ?? ['created']).filter((e) => e === 'created' || e === 'updated');
	return events.includes('created') || events.length === 0
		? { event: 'created', alert: best.alert }
		: { event: 'updated', alert: best.alert, changedFields: null };
}
