/**
 * The Defender Alert Trigger's per-tenant cursor: pure functions, no n8n, no HTTP.
 *
 * Invariants (W = watermark, O = overlap, M = memory ≥ O, H = horizon):
 * 1. `seen` holds, for every alert whose latest processed lastUpdateTime t ≥ H, that t and the
 *    fingerprint last emitted. So a version (id, t) with t ≥ H is new iff t > seen[id].t, and an
 *    alert with no record whose alertCreationTime ≥ H was never processed (→ "created").
 * 2. A poll queries [max(W − O, H), now − lag] and W only moves forward, to at most the upper
 *    bound the fetch fully covered (or to the last processed version when capped). Hence before
 *    every poll W ≤ the previous poll's upper bound ≤ our own clock, and any version that became
 *    visible since the previous poll has t ≥ W − O: it falls in this poll's window.
 * 3. A version is processed (recorded, maybe emitted) at most once per state lineage: the result
 *    is a pure function of (state, API results), so replaying a poll from an older state (crash,
 *    static data thrown away) emits exactly what that state had not recorded, nothing else.
 * 4. Records are pruned by time (t < W − M), and the oldest beyond maxRecords (but never one with
 *    t ≥ W − O); H moves up to the prune point, so invariant 1 holds and state is bounded by
 *    maxRecords (or the changes within O, if more), whatever the number of polls.
 * Exactly-once rests on: an alert changes ⇒ its lastUpdateTime increases; a version becomes
 * visible to queries within O of its lastUpdateTime (indexing lag + clock skew ≤ O); the node
 * persists `next` together with emitting `events`, and only when the tenant's poll succeeded.
 */
import type { DefenderAlert } from './types';
import {
	changedFields,
	fingerprintAlert,
	SIGNIFICANT_FIELDS,
	type TrackedField,
} from './cursorFingerprint';
import {
	compareTime,
	maxTime,
	MIN_TIME_KEY,
	minTime,
	parseApiTime,
	shiftTime,
	timeKeyFromMs,
	type TimeKey,
} from './time';

export type AlertEventType = 'created' | 'updated';

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

function fieldOf(o: CursorOptions): ScanField {
	return o.scanField ?? scanFieldOf(o.events);
}

/** The alert's time on the cursor's scan field, or null when missing or malformed. */
export function scanTimeOf(alert: DefenderAlert, field: ScanField): TimeKey | null {
	return parseApiTime(
		field === 'alertCreationTime' ? alert.alertCreationTime : alert.lastUpdateTime,
	);
}
export type UpdateMode = 'any' | 'statusClassificationAssignment';

export interface CursorOptions {
	/** Which events to emit; processed-but-unwanted events are still recorded (no replay later). */
	events: readonly AlertEventType[];
	updateMode: UpdateMode;
	/** Re-query this far behind the watermark, for alerts indexed late. */
	overlapMs: number;
	/** Upper bound of the window = now − lag; 0 is safe as long as the overlap covers skew. */
	safetyLagMs: number;
	/** First poll only: also emit alerts updated this long before activation. */
	backfillMs: number;
	/** How long an alert's last emitted fingerprint is kept, for "updated" comparisons. */
	memoryMs: number;
	/** Per tenant and poll; 0 = emit everything. The rest comes next poll, oldest first. */
	maxEventsPerPoll: number;
	/**
	 * Per tenant, at most this many records are kept (the newest; never fewer than the overlap
	 * needs); 0 = bounded by memoryMs only. n8n rewrites the whole static data on every poll, and
	 * a tenant with 10 changes a minute would otherwise keep 100,000 records for a week.
	 */
	maxRecords: number;
	/** What to page on; default from `events` (see scanFieldOf). */
	scanField?: ScanField;
}

export const DEFAULT_CURSOR_OPTIONS: Readonly<CursorOptions> = {
	events: ['created', 'updated'],
	updateMode: 'any',
	overlapMs: 5 * 60_000,
	safetyLagMs: 0,
	backfillMs: 0,
	memoryMs: 7 * 24 * 3_600_000,
	maxEventsPerPoll: 0,
	maxRecords: 1000,
};

/**
 * [time last processed on the scan field, fingerprint last emitted (or first recorded); '' when
 * the trigger reports no updates and so keeps none].
 */
export type SeenRecord = [TimeKey, string];

export interface TenantCursor {
	watermark: TimeKey;
	horizon: TimeKey;
	/** Keyed by alert id; a null-prototype object so that no id can reach Object.prototype. */
	seen: Record<string, SeenRecord>;
	/** What the watermark and records are times of; omitted means lastUpdateTime. */
	field?: ScanField;
}

export interface PollPlan {
	/** The cursor this poll starts from (a fresh one on the tenant's first poll). */
	cursor: TenantCursor;
	/** `$filter=lastUpdateTime ge {from} and lastUpdateTime le {to}`, both TimeKey literals. */
	from: TimeKey;
	to: TimeKey;
	/** False when the window is empty (no request needed); still call applyPoll to persist. */
	fetch: boolean;
}

export interface AlertEvent {
	event: AlertEventType;
	alert: DefenderAlert;
	/** Updates only: tracked fields changed since last emitted; null when that is unknown. */
	changedFields?: TrackedField[] | null;
}

export interface PollStats {
	received: number;
	invalid: number;
	outsideWindow: number;
	duplicates: number;
	alreadySeen: number;
	processed: number;
	remaining: number;
}

export interface PollResult {
	/** Oldest first (lastUpdateTime, then id). */
	events: AlertEvent[];
	/** Persist this for the tenant only when its whole poll succeeded. */
	next: TenantCursor;
	/** True when maxEventsPerPoll stopped the poll; the rest is emitted by the next polls. */
	capped: boolean;
	stats: PollStats;
}

export function resolveCursorOptions(options: Partial<CursorOptions> = {}): CursorOptions {
	const d = DEFAULT_CURSOR_OPTIONS;
	const ms = (v: number | undefined, fallback: number) =>
		typeof v === 'number' && Number.isFinite(v) && v >= 0 ? Math.floor(v) : fallback;
	const events = (options.events ?? d.events).filter((e) => e === 'created' || e === 'updated');
	const overlapMs = ms(options.overlapMs, d.overlapMs);
	return {
		events,
		updateMode:
			options.updateMode === 'statusClassificationAssignment' ? options.updateMode : 'any',
		overlapMs,
		safetyLagMs: ms(options.safetyLagMs, d.safetyLagMs),
		backfillMs: ms(options.backfillMs, d.backfillMs),
		// Records younger than the overlap are what prevents duplicates: never keep less.
		memoryMs: Math.max(ms(options.memoryMs, d.memoryMs), overlapMs),
		maxEventsPerPoll: ms(options.maxEventsPerPoll, 0),
		maxRecords: ms(options.maxRecords, d.maxRecords),
		...(options.scanField ? { scanField: options.scanField } : {}),
	};
}

function nowKey(nowMs: number): TimeKey {
	const key = timeKeyFromMs(nowMs);
	if (key === null) throw new RangeError(`The trigger's clock value is not a time: ${nowMs}`);
	return key;
}

/** The window of this poll; on a tenant's first poll (no cursor) it starts now or now − backfill. */
export function planPoll(
	cursor: TenantCursor | undefined,
	nowMs: number,
	options: Partial<CursorOptions> = {},
): PollPlan {
	const o = resolveCursorOptions(options);
	const field = fieldOf(o);
	const now = nowKey(nowMs);
	const start = cursor ? onField(cursor, field) : freshCursor(shiftTime(now, -o.backfillMs), field);
	const to = shiftTime(now, -o.safetyLagMs);
	const from = maxTime(shiftTime(start.watermark, -o.overlapMs), start.horizon);
	return { cursor: start, from, to, fetch: compareTime(from, to) <= 0 };
}

function freshCursor(since: TimeKey, field: ScanField): TenantCursor {
	return {
		watermark: since,
		horizon: since,
		seen: Object.create(null) as Record<string, SeenRecord>,
		field,
	};
}

/**
 * The cursor for the scan field in use, after "Trigger On" changed between new-only and updates.
 * Records carry over: for a new-only cursor they say "created and emitted"; moving to updates,
 * every version up to the watermark counts as seen (updates were not wanted then, as a recorded
 * but unwanted event is never replayed).
 */
function onField(cursor: TenantCursor, field: ScanField): TenantCursor {
	const was = cursor.field ?? 'lastUpdateTime';
	if (was === field) return { ...cursor, field };
	const seen = Object.assign(Object.create(null) as Record<string, SeenRecord>, cursor.seen);
	if (field === 'lastUpdateTime') {
		for (const id of Object.keys(seen)) seen[id] = [maxTime(seen[id][0], cursor.watermark), ''];
	}
	return { ...cursor, seen, field };
}

interface Candidate {
	id: string;
	t: TimeKey;
	alert: DefenderAlert;
}

/**
 * Turns everything the API returned for this poll (all pages, in any order, duplicates allowed)
 * into the events to emit and the cursor to persist. `reach` is how far the fetch is known to be
 * complete (see cursorPaging); omit it when every page of [from, to] was read.
 */
export function applyPoll(
	plan: PollPlan,
	alerts: readonly DefenderAlert[],
	options: Partial<CursorOptions> = {},
	reach?: TimeKey,
): PollResult {
	const o = resolveCursorOptions(options);
	const field = fieldOf(o);
	const { cursor } = plan;
	const stats: PollStats = {
		received: alerts.length,
		invalid: 0,
		outsideWindow: 0,
		duplicates: 0,
		alreadySeen: 0,
		processed: 0,
		remaining: 0,
	};

	// The latest version of each alert inside the window (pages can overlap or repeat).
	const latest = new Map<string, Candidate>();
	for (const alert of alerts) {
		const t =
			alert && typeof alert.id === 'string' && alert.id !== '' ? scanTimeOf(alert, field) : null;
		if (t === null) {
			stats.invalid++;
		} else if (compareTime(t, plan.from) < 0 || compareTime(t, plan.to) > 0) {
			// Before `from` dedupe records may be gone; after `to` belongs to the next poll.
			stats.outsideWindow++;
		} else {
			const prev = latest.get(alert.id);
			if (prev && compareTime(prev.t, t) >= 0) stats.duplicates++;
			else {
				if (prev) stats.duplicates++;
				latest.set(alert.id, { id: alert.id, t, alert });
			}
		}
	}

	const candidates: Candidate[] = [];
	for (const c of latest.values()) {
		const record = ownRecord(cursor.seen, c.id);
		// On creation time an alert has one time only: any record means it was processed.
		const seenAlready =
			record !== undefined && (field === 'alertCreationTime' || compareTime(c.t, record[0]) <= 0);
		if (seenAlready) stats.alreadySeen++;
		else candidates.push(c);
	}
	candidates.sort((a, b) => compareTime(a.t, b.t) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));

	const seen = Object.assign(Object.create(null) as Record<string, SeenRecord>, cursor.seen);
	const events: AlertEvent[] = [];
	let lastProcessed: TimeKey | null = null;
	let capped = false;
	for (const c of candidates) {
		if (o.maxEventsPerPoll > 0 && events.length >= o.maxEventsPerPoll) {
			capped = true;
			break;
		}
		const { record, event } =
			field === 'alertCreationTime'
				? { record: [c.t, ''] as SeenRecord, event: { event: 'created' as const, alert: c.alert } }
				: decide(c, ownRecord(seen, c.id), cursor.horizon, o);
		seen[c.id] = record;
		if (event) events.push(event);
		lastProcessed = c.t;
		stats.processed++;
	}
	stats.remaining = candidates.length - stats.processed;

	// Advance only as far as the fetch covered, and no further than what was processed when capped.
	let limit = reach === undefined ? plan.to : minTime(reach, plan.to);
	if (capped && lastProcessed !== null) limit = minTime(limit, lastProcessed);
	const watermark = maxTime(cursor.watermark, limit);

	// On creation time nothing behind the overlap can come back, so nothing there is kept.
	const memoryMs = field === 'alertCreationTime' ? o.overlapMs : o.memoryMs;
	let horizon = pruneBefore(seen, cursor.horizon, shiftTime(watermark, -memoryMs));
	if (o.maxRecords > 0) {
		const floor = shiftTime(watermark, -o.overlapMs);
		horizon = pruneBefore(seen, horizon, countThreshold(seen, o.maxRecords, floor));
	}
	return { events, next: { watermark, horizon, seen, field }, capped, stats };
}

/**
 * Deletes the records older than `threshold` and returns the new horizon. The horizon says "every
 * record before me was pruned": an alert without a record that was created at or after it is new,
 * one created before it may have been emitted already (see decide).
 */
function pruneBefore(
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
function countThreshold(seen: Record<string, SeenRecord>, max: number, floor: TimeKey): TimeKey {
	const ids = Object.keys(seen);
	if (ids.length <= max) return MIN_TIME_KEY;
	const times = ids.map((id) => seen[id][0]).sort(compareTime);
	const cut = times[ids.length - max];
	return compareTime(cut, floor) > 0 ? floor : cut;
}

function ownRecord(seen: Record<string, SeenRecord>, id: string): SeenRecord | undefined {
	return Object.prototype.hasOwnProperty.call(seen, id) ? seen[id] : undefined;
}

/** What to emit for one new version of an alert, and what to remember of it. */
function decide(
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
	const o = resolveCursorOptions(options);
	return o.events.includes('created') || o.events.length === 0
		? { event: 'created', alert: best.alert }
		: { event: 'updated', alert: best.alert, changedFields: null };
}
