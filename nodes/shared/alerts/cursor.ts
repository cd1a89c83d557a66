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
 *    t ≥ min(W − O, this poll's from), and only once a poll read its whole window uncapped: an
 *    unread alert can be updated past its creation, and H must stay at or before that creation);
 *    H moves up to the prune point, so invariant 1 holds and state is bounded by maxRecords (or
 *    the changes of one window, if more; or, while a tenant catches up, the changes within M),
 *    whatever the number of polls.
 * Exactly-once rests on: an alert changes ⇒ its lastUpdateTime increases; a version becomes
 * visible to queries within O of its lastUpdateTime (indexing lag + clock skew ≤ O); the node
 * persists `next` together with emitting `events`, and only when the tenant's poll succeeded.
 */
import { decide } from './cursorDecide';
import { countThreshold, ownRecord, pruneBefore } from './cursorRecords';
import { onField, scanFieldOf, scanTimeOf } from './cursorScan';
import type { ScanField } from './cursorScan';
import type { DefenderAlert } from './types';
import type { TrackedField } from './cursorFingerprint';
import { compareTime, maxTime, minTime, shiftTime, timeKeyFromMs, type TimeKey } from './time';

export type AlertEventType = 'created' | 'updated';

export type { ScanField } from './cursorScan';
export { scanFieldOf, scanTimeOf } from './cursorScan';

function fieldOf(o: CursorOptions): ScanField {
	return o.scanField ?? scanFieldOf(o.events);
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

/** One alert's newest version inside the window, on the scan field's time. */
export interface Candidate {
	id: string;
	t: TimeKey;
	alert: DefenderAlert;
}

/**
 * Turns everything the API returned for this poll (all pages, in any order, duplicates allowed)
 * into the events to emit and the cursor to persist. `reach` is how far the fetch is known to be
 * complete (see cursorPaging); omit it when every page of [from, to] was read. `readWhole` says
 * whether the fetch read its window to the end; it defaults to `reach` ≥ `to`, and a caller that
 * lowers `reach` for another reason (Defender's clock, whole seconds) passes what the read did.
 */
export function applyPoll(
	plan: PollPlan,
	alerts: readonly DefenderAlert[],
	options: Partial<CursorOptions> = {},
	reach?: TimeKey,
	readWhole: boolean = reach === undefined || compareTime(reach, plan.to) >= 0,
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
	// An unread alert may have been updated since it was created, and only a record-less creation
	// at or after the horizon says it is new. So the count bound never cuts into this poll's window
	// (an alert created in it can have moved past `to` before its page was read), and waits while
	// the tenant is behind — capped, or its window not read to the end — where unread alerts of
	// any age wait (time still prunes: a backlog older than memoryMs loses that knowledge).
	if (o.maxRecords > 0 && (field === 'alertCreationTime' || (readWhole && !capped))) {
		const floor = minTime(shiftTime(watermark, -o.overlapMs), plan.from);
		horizon = pruneBefore(seen, horizon, countThreshold(seen, o.maxRecords, floor));
	}
	return { events, next: { watermark, horizon, seen, field }, capped, stats };
}

export { pickTestEvent } from './cursorTestEvent';
