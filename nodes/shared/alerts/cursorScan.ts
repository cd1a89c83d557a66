/**
 * Which alert time a trigger's cursor pages on, an alert's time on it, and a cursor carried over
 * when that changes. Pure.
 */
import type { AlertEventType, SeenRecord, TenantCursor } from './cursor';
import { maxTime, parseApiTime } from './time';
import type { TimeKey } from './time';
import type { DefenderAlert } from './types';

/** The alert time a cursor pages on and keeps its watermark in. */
export type ScanField = 'lastUpdateTime' | 'alertCreationTime';

/**
 * A trigger for new alerts only pages on the creation time, which never changes: every alert then
 * falls in exactly one window, so only the overlap's records are needed to emit it once, and an
 * alert whose creation lies far behind its latest update (a drained backlog) is still new.
 * Any trigger that reports updates pages on lastUpdateTime, and so does a new-only trigger whose
 * filters can start matching an alert later (status, severity, assignment, incident): only a
 * lastUpdateTime window sees the alert again when it does.
 */
export function scanFieldOf(
	events: readonly AlertEventType[],
	filtersOnChangingFields = false,
): ScanField {
	return events.length === 1 && events[0] === 'created' && !filtersOnChangingFields
		? 'alertCreationTime'
		: 'lastUpdateTime';
}

/** The alert's time on the cursor's scan field, or null when missing or malformed. */
export function scanTimeOf(alert: DefenderAlert, field: ScanField): TimeKey | null {
	return parseApiTime(
		field === 'alertCreationTime' ? alert.alertCreationTime : alert.lastUpdateTime,
	);
}

/**
 * The cursor for the scan field in use, after "Trigger On" changed between new-only and updates.
 * Records carry over: for a new-only cursor they say "created and emitted"; moving to updates,
 * every version up to the watermark counts as seen (updates were not wanted then, as a recorded
 * but unwanted event is never replayed).
 */
export function onField(cursor: TenantCursor, field: ScanField): TenantCursor {
	const was = cursor.field ?? 'lastUpdateTime';
	if (was === field) return { ...cursor, field };
	const seen = Object.assign(Object.create(null) as Record<string, SeenRecord>, cursor.seen);
	if (field === 'lastUpdateTime') {
		for (const id of Object.keys(seen)) seen[id] = [maxTime(seen[id][0], cursor.watermark), ''];
	}
	return { ...cursor, seen, field };
}
