/**
 * API timestamps (DateTimeOffset, up to 7 fractional digits = 100-ns ticks) as comparable numbers.
 * Epoch milliseconds times 10,000 exceeds 2^53, so a time is kept as a pair: `ms` (integer epoch
 * milliseconds, floor) and `sub` (0..9999 ticks of 100 ns inside that millisecond). Compare with
 * `compareTime`, never as strings (`…:59.2Z` is later than `…:59.19Z`).
 */

export interface ApiTime {
	ms: number;
	sub: number;
}

// yyyy-mm-ddThh:mm[:ss[.f{1,7}]](Z|±hh:mm)
const TIME_RE =
	/^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,7}))?)?(Z|z|[+-]\d{2}:\d{2})$/;

const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

function isLeap(y: number): boolean {
	return (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
}

/** Parses an API DateTimeOffset (as returned or as an OData literal); null when not valid. */
export function parseApiTime(text: string): ApiTime | null {
	const m = TIME_RE.exec(text);
	if (!m) return null;
	const year = +m[1];
	const month = +m[2];
	const day = +m[3];
	const hour = +m[4];
	const minute = +m[5];
	const second = m[6] === undefined ? 0 : +m[6];
	if (month < 1 || month > 12 || day < 1) return null;
	const dim = month === 2 && isLeap(year) ? 29 : DAYS_IN_MONTH[month - 1];
	if (day > dim || hour > 23 || minute > 59 || second > 59) return null;
	const frac7 = m[7] === undefined ? 0 : +(m[7] + '0000000').slice(0, 7);
	let offsetMin = 0;
	const tz = m[8];
	if (tz !== 'Z' && tz !== 'z') {
		const oh = +tz.slice(1, 3);
		const om = +tz.slice(4, 6);
		if (oh > 14 || om > 59) return null;
		offsetMin = (tz[0] === '-' ? -1 : 1) * (oh * 60 + om);
	}
	const base = Date.UTC(year, month - 1, day, hour, minute, second) - offsetMin * 60000;
	if (year < 100) {
		// Date.UTC maps years 0..99 to 1900..1999
		const d = new Date(0);
		d.setUTCFullYear(year, month - 1, day);
		d.setUTCHours(hour, minute, second, 0);
		return { ms: d.getTime() - offsetMin * 60000 + Math.floor(frac7 / 10000), sub: frac7 % 10000 };
	}
	return { ms: base + Math.floor(frac7 / 10000), sub: frac7 % 10000 };
}

/** Negative, zero or positive like a comparator. */
export function compareTime(a: ApiTime, b: ApiTime): number {
	return a.ms !== b.ms ? a.ms - b.ms : a.sub - b.sub;
}

/** Epoch time in 100-ns ticks as a bigint (exact). */
export function toTicks(t: ApiTime): bigint {
	return BigInt(t.ms) * 10000n + BigInt(t.sub);
}

/** Parses an API timestamp straight to epoch 100-ns ticks; null when not valid. */
export function apiTimeToTicks(text: string): bigint | null {
	const t = parseApiTime(text);
	return t ? toTicks(t) : null;
}

/**
 * Formats like the API: ISO 8601 UTC with `digits` fractional digits (0..7), trailing zeros
 * trimmed (so `.2000000` prints as `.2`, and a whole second has no fraction at all), as the
 * service's `…:59.2Z` and `…:50.19Z` show. Digits past `digits` are truncated.
 */
export function formatApiTime(t: ApiTime, digits = 7): string {
	const iso = new Date(t.ms).toISOString(); // yyyy-mm-ddThh:mm:ss.mmmZ
	const msPart = t.ms - Math.floor(t.ms / 1000) * 1000;
	let frac = String(msPart * 10000 + t.sub).padStart(7, '0').slice(0, Math.max(0, Math.min(7, digits)));
	frac = frac.replace(/0+$/, '');
	return iso.slice(0, 19) + (frac ? '.' + frac : '') + 'Z';
}

/** Epoch ms (a clock reading) → ApiTime. */
export function fromEpochMs(ms: number): ApiTime {
	return { ms: Math.floor(ms), sub: 0 };
}
