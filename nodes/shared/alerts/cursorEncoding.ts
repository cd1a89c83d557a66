/**
 * The stored form of one tenant's cursor. n8n rewrites the workflow's whole static data each time
 * a poll emits, for every tenant, so every byte is paid for on every poll at MSSP scale:
 * - times are offsets from the watermark in 100-ns ticks, base 36 (exact, a few characters);
 * - a trigger for new alerts only keeps no fingerprints and files its records (alert ids) under
 *   the 30-second slot of the epoch their creation time falls in: it only needs to know which
 *   alerts inside the overlap it already emitted, and a slot's end is a safe time to forget them by;
 * - the fields are one letter each.
 * Decoding is total: a malformed record is dropped (at most one repeated alert), a malformed
 * cursor gives undefined (the tenant starts afresh).
 */
import type { ScanField, SeenRecord, TenantCursor } from './cursor';
import { isFingerprint } from './cursorFingerprint';
import { addTicks, compareTime, isTimeKey, ticksBetween, timeKeyFromMs, timeKeyToMs } from './time';
import type { TimeKey } from './time';

/** Creation-time records are filed under the end of their 30-second slot of the epoch. */
const BUCKET_MS = 30_000;

/**
 * The slot (counted from the epoch) that ends at or after `t`. On an absolute grid a record keeps
 * its slot however often it is stored and read back (a decoded time is a slot's end), so records
 * age as the watermark moves instead of drifting forward with it.
 */
function slotOf(t: TimeKey): number {
	const ms = timeKeyToMs(t);
	const sub = +t.slice(23, 27);
	return Math.ceil((ms + (sub > 0 ? 1 : 0)) / BUCKET_MS);
}

function slotEnd(slot: number): TimeKey | undefined {
	return timeKeyFromMs(slot * BUCKET_MS) ?? undefined;
}

export interface StoredTenantCursor {
	/** Watermark. */
	w: TimeKey;
	/** Horizon, in ticks before the watermark (base 36). */
	h: string;
	/** Present (`'c'`) when the cursor pages on the creation time. */
	k?: 'c';
	/**
	 * Creation-time records: 30-second slot (base 36, relative to the watermark's) → the alert ids,
	 * front-coded (packIds; an array of the plain ids if one holds a space).
	 */
	b?: Record<string, string | string[]>;
	/** lastUpdateTime records: alert id → "ticks from w (base 36)[ fingerprint]". */
	r?: Record<string, string>;
}

function isObject(value: unknown): value is Record<string, unknown> {
	return typeof value === 'object' && value !== null && !Array.isArray(value);
}

const PREFIX_DIGITS = '0123456789abcdefghijklmnopqrstuvwxyz';

/**
 * Alert ids sorted and front-coded: each entry is one base-36 digit saying how many leading
 * characters it shares with the previous id (at most 35), then the rest; entries are separated by
 * spaces. Defender's ids begin with a timestamp, so ids of the same minutes share most of it.
 */
function packIds(ids: readonly string[]): string {
	let previous = '';
	const entries: string[] = [];
	for (const id of [...ids].sort()) {
		let shared = 0;
		const limit = Math.min(35, previous.length, id.length);
		while (shared < limit && previous[shared] === id[shared]) shared++;
		entries.push(PREFIX_DIGITS[shared] + id.slice(shared));
		previous = id;
	}
	return entries.join(' ');
}

function unpackIds(packed: string): string[] {
	let previous = '';
	const ids: string[] = [];
	for (const entry of packed.split(' ')) {
		const shared = PREFIX_DIGITS.indexOf(entry[0] ?? '');
		if (shared < 0 || shared > previous.length) continue;
		const id = previous.slice(0, shared) + entry.slice(1);
		if (id === '') continue;
		ids.push(id);
		previous = id;
	}
	return ids;
}

function ticks36(n: number): string {
	return n.toString(36);
}

function parseTicks(text: unknown): number | null {
	if (typeof text !== 'string' || !/^-?[0-9a-z]{1,12}$/.test(text)) return null;
	const n = parseInt(text, 36);
	return Number.isSafeInteger(n) ? n : null;
}

export function encodeTenantCursor(cursor: TenantCursor): StoredTenantCursor {
	const w = cursor.watermark;
	const out: StoredTenantCursor = { w, h: ticks36(ticksBetween(cursor.horizon, w)) };
	if (cursor.field === 'alertCreationTime') {
		out.k = 'c';
		const buckets: Record<string, string[]> = {};
		const base = slotOf(w);
		for (const id of Object.keys(cursor.seen)) {
			const key = ticks36(slotOf(cursor.seen[id][0]) - base);
			(buckets[key] ??= []).push(id);
		}
		out.b = {};
		for (const key of Object.keys(buckets)) {
			const ids = buckets[key];
			out.b[key] = ids.some((id) => id.includes(' ')) ? ids : packIds(ids);
		}
		return out;
	}
	const records: Record<string, string> = {};
	for (const id of Object.keys(cursor.seen)) {
		const [t, fp] = cursor.seen[id];
		const offset = ticks36(ticksBetween(w, t));
		records[id] = fp === '' ? offset : `${offset} ${fp}`;
	}
	out.r = records;
	return out;
}

function emptySeen(): Record<string, SeenRecord> {
	return Object.create(null) as Record<string, SeenRecord>;
}

export function decodeTenantCursor(raw: unknown): TenantCursor | undefined {
	if (!isObject(raw) || !isTimeKey(raw.w)) return undefined;
	const w = raw.w;
	const back = parseTicks(raw.h);
	if (back === null || back < 0) return undefined;
	const horizon = addTicks(w, -back);
	const seen = emptySeen();
	const field: ScanField = raw.k === 'c' ? 'alertCreationTime' : 'lastUpdateTime';
	if (field === 'alertCreationTime' && isObject(raw.b)) {
		const base = slotOf(w);
		for (const key of Object.keys(raw.b)) {
			const offset = parseTicks(key);
			const ids = raw.b[key];
			const t = offset === null ? undefined : slotEnd(base + offset);
			const list = typeof ids === 'string' ? unpackIds(ids) : ids;
			if (t === undefined || !Array.isArray(list)) continue;
			for (const id of list) if (typeof id === 'string' && id !== '') seen[id] = [t, ''];
		}
	} else if (field === 'lastUpdateTime' && isObject(raw.r)) {
		for (const id of Object.keys(raw.r)) {
			const value = raw.r[id];
			if (typeof value !== 'string') continue;
			const [offsetText, fp = ''] = value.split(' ');
			const offset = parseTicks(offsetText);
			if (offset === null || (fp !== '' && !isFingerprint(fp))) continue;
			seen[id] = [addTicks(w, offset), fp];
		}
	}
	return { watermark: w, horizon, seen, field };
}

/** A tenant cursor in the first stored form `{watermark, horizon, seen: {id: [t, fp]}}`. */
export function readLegacyTenantCursor(raw: unknown): TenantCursor | undefined {
	if (!isObject(raw) || !isTimeKey(raw.watermark) || !isTimeKey(raw.horizon)) return undefined;
	if (compareTime(raw.horizon, raw.watermark) > 0) return undefined;
	const seen = emptySeen();
	if (isObject(raw.seen)) {
		for (const id of Object.keys(raw.seen)) {
			const record = raw.seen[id];
			if (Array.isArray(record) && isTimeKey(record[0]) && isFingerprint(record[1])) {
				seen[id] = [record[0], record[1]];
			}
		}
	}
	return { watermark: raw.watermark, horizon: raw.horizon, seen, field: 'lastUpdateTime' };
}
