/**
 * The cursor's record map (alert id → what was processed): lookups and pruning. Pure.
 */
import type { SeenRecord } from './cursor';
import { compareTime, MIN_TIME_KEY } from './time';
import type { TimeKey } from './time';

/**
 * Deletes the records older than `threshold` and returns the new horizon. The horizon says "every
 * record before me was pruned": an alert without a record that was created at or after it is new,
 * one created before it may have been emitted already (see decide).
 */
export function pruneBefore(
	seen: Record<string, SeenRecord>,
	horizon: TimeKey,
	threshold: TimeKey,
): TimeKey {
	if (compareTime(threshold, horizon) <= 0) return horizon;
	for (const id of Object.keys(seen)) {
		if (compareTime(seen[id][0], threshold) < 0) delete seen[id];
	}
	return threshold;
}

/**
 * The time before which records must go to keep about `max` of them (ties at the cut stay), but
 * never later than `floor` (watermark − overlap): those records dedupe the next poll's overlap.
 */
export function countThreshold(
	seen: Record<string, SeenRecord>,
	max: number,
	floor: TimeKey,
): TimeKey {
	const ids = Object.keys(seen);
	if (ids.length <= max) return MIN_TIME_KEY;
	const times = ids.map((id) => seen[id][0]).sort(compareTime);
	const cut = times[ids.length - max];
	return compareTime(cut, floor) > 0 ? floor : cut;
}

/** How many records are at or after `from` (those a window from there can meet again). */
export function recordsSince(seen: Record<string, SeenRecord>, from: TimeKey): number {
	let n = 0;
	for (const id of Object.keys(seen)) if (compareTime(seen[id][0], from) >= 0) n++;
	return n;
}

export function ownRecord(seen: Record<string, SeenRecord>, id: string): SeenRecord | undefined {
	return Object.prototype.hasOwnProperty.call(seen, id) ? seen[id] : undefined;
}
