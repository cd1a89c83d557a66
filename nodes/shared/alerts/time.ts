/**
 * API timestamps (OData DateTimeOffset, up to 7 fractional digits = 100-ns ticks) as `TimeKey`s.
 *
 * A TimeKey is the UTC instant written with a fixed layout, `YYYY-MM-DDTHH:MM:SS.fffffffZ`
 * (always 7 fraction digits). Why this representation:
 * - exact: 100-ns ticks since the epoch exceed 2^53, so a plain number would round;
 * - ordered: with a fixed layout, string order IS time order, so comparing two TimeKeys is one
 *   string comparison (raw API strings must never be compared: `…:59.2Z` > `…:59.19Z`);
 * - JSON-serialisable and readable in the workflow's static data;
 * - already a valid OData DateTimeOffset literal for `$filter=lastUpdateTime ge …`.
 * Only values produced by this module are TimeKeys; everything else goes through `parseApiTime`.
 */

export type TimeKey = string & { readonly __timeKey: true };

export const MIN_TIME_KEY = '0001-01-01T00:00:00.0000000Z' as TimeKey;
export const MAX_TIME_KEY = '9999-12-31T23:59:59.9999999Z' as TimeKey;

// Bounds in epoch ms of MIN/MAX (floor), so that every TimeKey keeps the 4-digit-year layout.
const MIN_MS = -62135596800000;
const MAX_MS = 253402300799999;

// yyyy-mm-ddThh:mm[:ss[.f+]](Z|±hh:mm|±hhmm)
const TIME_RE =
	/^(\d{4})-(\d{2})-(\d{2})[Tt](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?(Z|z|[+-]\d{2}:?\d{2})$/;
// Cheap enough to run on every stored record at every poll (impossible days like 02-30 pass,
// but they still sort correctly, which is all a stored key is used for).
const KEY_RE =
	/^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])T([01]\d|2[0-3]):[0-5]\d:[0-5]\d\.\d{7}Z$/;
const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

function isLeap(y: number): boolean {
	return (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
}

/** A `YYYY-MM-DD…` value whose year is 1..9999 and whose day exists in its month. */
function isPossibleDay(value: string): boolean {
	const year = +value.slice(0, 4);
	const month = +value.slice(5, 7);
	const day = +value.slice(8, 10);
	const dim = month === 2 && isLeap(year) ? 29 : DAYS_IN_MONTH[month - 1];
	return year >= 1 && day <= dim;
}

/** Epoch ms (floor) and 0..9999 ticks of 100 ns inside that millisecond → TimeKey. */
function keyFrom(ms: number, sub: number): TimeKey | null {
	if (!Number.isFinite(ms) || ms < MIN_MS || ms > MAX_MS) return null;
	const iso = new Date(ms).toISOString(); // yyyy-mm-ddThh:mm:ss.mmmZ for years 0..9999
	return (iso.slice(0, 23) + String(sub).padStart(4, '0') + 'Z') as TimeKey;
}

/**
 * Parses what the API returns (`2021-01-26T20:33:57.7220239Z`, `…:59.2Z`, `…:57Z`,
 * `…+00:00`) into a TimeKey. Digits past the 7th are truncated. Anything else (null, numbers,
 * impossible dates, out of range) gives null; this never throws.
 */
export function parseApiTime(value: unknown): TimeKey | null {
	if (typeof value !== 'string' || value.length > 40) return null;
	// Defender writes most times in the TimeKey layout already (7 digits, Z): paging reads one per
	// alert, so such a value is only checked, not rebuilt through a Date.
	if (value.length === 28 && KEY_RE.test(value))
		return isPossibleDay(value) ? (value as TimeKey) : null;
	const m = TIME_RE.exec(value);
	if (!m) return null;
	const year = +m[1];
	const month = +m[2];
	const day = +m[3];
	const hour = +m[4];
	const minute = +m[5];
	const second = m[6] === undefined ? 0 : +m[6];
	if (year < 1 || month < 1 || month > 12 || day < 1) return null;
	const dim = month === 2 && isLeap(year) ? 29 : DAYS_IN_MONTH[month - 1];
	if (day > dim || hour > 23 || minute > 59 || second > 59) return null;
	const frac7 = m[7] === undefined ? 0 : +(m[7] + '000000').slice(0, 7);
	let offsetMin = 0;
	const tz = m[8];
	if (tz !== 'Z' && tz !== 'z') {
		const digits = tz.replace(':', '');
		const oh = +digits.slice(1, 3);
		const om = +digits.slice(3, 5);
		if (oh > 14 || om > 59) return null;
		offsetMin = (tz[0] === '-' ? -1 : 1) * (oh * 60 + om);
	}
	// Date.UTC maps years 0..99 to 1900..1999; setUTCFullYear does not.
	const d = new Date(0);
	d.setUTCFullYear(year, month - 1, day);
	d.setUTCHours(hour, minute, second, 0);
	const ms = d.getTime() - offsetMin * 60000 + Math.floor(frac7 / 10000);
	return keyFrom(ms, frac7 % 10000);
}

/** True for a well-formed TimeKey (e.g. read back from static data). */
export function isTimeKey(value: unknown): value is TimeKey {
	return typeof value === 'string' && KEY_RE.test(value) && !value.startsWith('0000');
}

/** Epoch milliseconds → TimeKey; null when not a finite time in years 1..9999. */
export function timeKeyFromMs(ms: number): TimeKey | null {
	if (typeof ms !== 'number' || !Number.isFinite(ms)) return null;
	const floor = Math.floor(ms);
	return keyFrom(floor, Math.floor((ms - floor) * 10000));
}

/** Epoch milliseconds (floor) of a TimeKey; the sub-millisecond ticks are dropped. */
export function timeKeyToMs(key: TimeKey): number {
	return Date.parse(key.slice(0, 23) + 'Z');
}

/** Moves a TimeKey by whole milliseconds, keeping its sub-ms ticks; clamped to MIN/MAX. */
export function shiftTime(key: TimeKey, deltaMs: number): TimeKey {
	const ms = timeKeyToMs(key) + Math.trunc(deltaMs);
	if (!(ms >= MIN_MS)) return MIN_TIME_KEY;
	if (ms > MAX_MS) return MAX_TIME_KEY;
	return keyFrom(ms, +key.slice(23, 27)) as TimeKey;
}

/** Negative, zero or positive, like a comparator (valid because the layout is fixed). */
export function compareTime(a: TimeKey, b: TimeKey): number {
	return a < b ? -1 : a > b ? 1 : 0;
}

export function maxTime(a: TimeKey, b: TimeKey): TimeKey {
	return a >= b ? a : b;
}

export function minTime(a: TimeKey, b: TimeKey): TimeKey {
	return a <= b ? a : b;
}

/** Ticks (100 ns) from `base` to `key`, exact (both as ms + ticks, so no 2^53 rounding). */
export function ticksBetween(base: TimeKey, key: TimeKey): number {
	const ms = timeKeyToMs(key) - timeKeyToMs(base);
	return ms * 10_000 + (+key.slice(23, 27) - +base.slice(23, 27));
}

/** `base` moved by a whole number of ticks (100 ns), clamped to MIN/MAX like shiftTime. */
export function addTicks(base: TimeKey, ticks: number): TimeKey {
	const total = +base.slice(23, 27) + Math.trunc(ticks);
	const ms = Math.floor(total / 10_000);
	const sub = total - ms * 10_000;
	const shifted = shiftTime(base, ms);
	if (shifted === MIN_TIME_KEY || shifted === MAX_TIME_KEY) return shifted;
	return (shifted.slice(0, 23) + String(sub).padStart(4, '0') + 'Z') as TimeKey;
}
