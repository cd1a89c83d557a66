/**
 * Tolerant accessors: an alert may be `{}`, carry nulls or fields of the wrong type, and every
 * formatter must still produce a valid record. Pure and allocation-light: they run on the hot path.
 */

export type Rec = Record<string, unknown>;

const EMPTY: Rec = Object.freeze({}) as Rec;

/** True for a plain object: not null, not an array, not a primitive. */
export function isRecord(v: unknown): v is Rec {
	return v !== null && typeof v === 'object' && !Array.isArray(v);
}

/** The value as a record, or an empty one for null, arrays and primitives. */
export function rec(v: unknown): Rec {
	return isRecord(v) ? v : EMPTY;
}

/** A printable string for primitives; '' for null, undefined, objects and non-finite numbers. */
export function str(v: unknown): string {
	if (typeof v === 'string') return v;
	if (typeof v === 'number') return Number.isFinite(v) ? String(v) : '';
	if (typeof v === 'boolean') return v ? 'true' : 'false';
	if (typeof v === 'bigint') return v.toString();
	return '';
}

/** An integer from a number or a numeric string (the API sends ids as numbers, some tools as strings). */
export function int(v: unknown): number | null {
	if (typeof v === 'number') return Number.isSafeInteger(v) ? v : null;
	if (typeof v === 'string' && /^-?\d{1,15}$/.test(v)) return Number(v);
	return null;
}

/** Cuts to `max` UTF-16 units without splitting a surrogate pair. */
export function cut(s: string, max: number): string {
	if (s.length <= max) return s;
	const code = s.charCodeAt(max - 1);
	return s.slice(0, code >= 0xd800 && code <= 0xdbff ? max - 1 : max);
}

// Control characters, DEL and lone surrogates: none survives a syslog receiver unchanged
// (rsyslog escapes controls as #011; lone surrogates become U+FFFD in UTF-8).
const UNSAFE_RE =
	// eslint-disable-next-line no-control-regex
	/[\x00-\x1f\x7f]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;
// eslint-disable-next-line no-control-regex
const UNSAFE_TEST = /[\x00-\x1f\x7f\ud800-\udfff]/;

/** Replaces control characters (newlines included) and lone surrogates with a space. */
export function oneLine(s: string): string {
	return UNSAFE_TEST.test(s) ? s.replace(UNSAFE_RE, ' ') : s;
}
