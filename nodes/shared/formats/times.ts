/**
 * Alert times: API DateTimeOffsets carry 7 fractional digits; Date.parse would drop three of them,
 * so timestamps are parsed here and keep every digit for the formats that can carry them.
 */

import type { Rec } from './values';

export interface AlertTime {
	/** Epoch milliseconds (floor). */
	ms: number;
	/** Exactly 7 fractional-second digits (100-ns ticks within the second). */
	frac7: string;
	/** The original text (valid ISO 8601, safe to pass on). */
	text: string;
}

const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
const TIME_RE =
	/^(\d{4})-(\d{2})-(\d{2})[Tt](\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,9}))?([Zz]|[+-]\d{2}:\d{2})$/;

/** Parses an ISO 8601 timestamp as the API writes it; null for anything else. */
export function parseTime(v: unknown): AlertTime | null {
	if (typeof v !== 'string' || v.length > 40) return null;
	const m = TIME_RE.exec(v);
	if (m === null) return null;
	const year = +m[1];
	const month = +m[2];
	const day = +m[3];
	const hour = +m[4];
	const minute = +m[5];
	const second = +m[6];
	if (year < 1000 || month < 1 || month > 12 || day < 1) return null;
	// Reject rolled-over dates such as 02-30 (Date.UTC would quietly move them to March).
	const leap = year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
	if (day > (month === 2 ? (leap ? 29 : 28) : DAYS_IN_MONTH[month - 1])) return null;
	if (hour > 23 || minute > 59 || second > 59) return null;
	const frac7 = m[7] === undefined ? '0000000' : (m[7] + '000000').slice(0, 7);
	let offsetMin = 0;
	const tz = m[8];
	if (tz.length > 1) {
		const oh = +tz.slice(1, 3);
		const om = +tz.slice(4, 6);
		if (oh > 14 || om > 59) return null;
		offsetMin = (tz.charCodeAt(0) === 45 ? -1 : 1) * (oh * 60 + om);
	}
	const base = Date.UTC(year, month - 1, day, hour, minute, second);
	return { ms: base - offsetMin * 60000 + +frac7.slice(0, 3), frac7, text: v };
}

/** ISO 8601 UTC with millisecond precision. */
export function isoMs(ms: number): string {
	return new Date(ms).toISOString();
}

/** ISO 8601 UTC with `digits` (0–7) fractional digits taken from the original text. */
export function isoFrac(t: AlertTime, digits: number): string {
	const head = new Date(t.ms).toISOString().slice(0, 19);
	return digits > 0 ? head + '.' + t.frac7.slice(0, digits) + 'Z' : head + 'Z';
}

/** The alert's event time: creation, else last update, else first event. */
export function eventTime(a: Rec): AlertTime | null {
	return (
		parseTime(a.alertCreationTime) ?? parseTime(a.lastUpdateTime) ?? parseTime(a.firstEventTime)
	);
}
