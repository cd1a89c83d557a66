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

function daysFromCivil(y: number, m: number, d: number): number {
	y -= m <= 2 ? 1 : 0;
	const era = Math.floor(y / 400);
	const yoe = y - era * 400;
	const doy = Math.floor((153 * (m > 2 ? m - 3 : m + 9) + 2) / 5) + d - 1;
	const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
	return era * 146097 + doe - 719468;
}

function digits(text: string, at: number, n: number): number {
	let v = 0;
	for (let i = at; i < at + n; i++) {
		const c = text.charCodeAt(i) - 48;
		if (c < 0 || c > 9) return -1;
		v = v * 10 + c;
	}
	return v;
}

/**
 * Fast path without allocation for the API's own shape `yyyy-mm-ddThh:mm:ss[.f{1,7}]Z`;
 * undefined when the text has another shape (then the regular expression decides).
 */
function parseCanonical(text: string): ApiTime | null | undefined {
	const len = text.length;
	if (len < 20 || len > 28 || text.charCodeAt(len - 1) !== 90 /* Z */) return undefined;
	if (
		text[4] !== '-' ||
		text[7] !== '-' ||
		text[10] !== 'T' ||
		text[13] !== ':' ||
		text[16] !== ':'
	)
		return undefined;
	const year = digits(text, 0, 4);
	const month = digits(text, 5, 2);
	const day = digits(text, 8, 2);
	const hour = digits(text, 11, 2);
	const minute = digits(text, 14, 2);
	const second = digits(text, 17, 2);
	if (year < 0 || month < 0 || day < 0 || hour < 0 || minute < 0 || second < 0) return undefined;
	let frac7 = 0;
	if (len > 20) {
		if (text[19] !== '.' || len === 21) return undefined;
		const n = len - 21;
		const f = digits(text, 20, n);
		if (f < 0) return undefined;
		frac7 = f * 10 ** (7 - n);
	}
	if (month < 1 || month > 12 || day < 1) return null;
	const dim = month === 2 && isLeap(year) ? 29 : DAYS_IN_MONTH[month - 1];
	if (day > dim || hour > 23 || minute > 59 || second > 59) return null;
	const secs = daysFromCivil(year, month, day) * 86400 + hour * 3600 + minute * 60 + second;
	const sub = frac7 % 10000;
	return { ms: secs * 1000 + (frac7 - sub) / 10000, sub };
}

/** Parses an API DateTimeOffset (as returned or as an OData literal); null when not valid. */
export function parseApiTime(text: string): ApiTime | null {
	if (typeof text !== 'string') return null;
	const fast = parseCanonical(text);
	if (fast !== undefined) return fast;
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
	const f = m[7];
	let frac7 = 0;
	if (f !== undefined) {
		for (let i = 0; i < 7; i++) frac7 = frac7 * 10 + (i < f.length ? f.charCodeAt(i) - 48 : 0);
	}
	let offsetMin = 0;
	const tz = m[8];
	if (tz !== 'Z' && tz !== 'z') {
		const oh = +tz.slice(1, 3);
		const om = +tz.slice(4, 6);
		if (oh > 14 || om > 59) return null;
		offsetMin = (tz[0] === '-' ? -1 : 1) * (oh * 60 + om);
	}
	const secs =
		daysFromCivil(year, month, day) * 86400 + hour * 3600 + minute * 60 + second - offsetMin * 60;
	const sub = frac7 % 10000;
	return { ms: secs * 1000 + (frac7 - sub) / 10000, sub };
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

const TWO = Array.from({ length: 100 }, (_, i) => (i < 10 ? '0' : '') + i);

/**
 * Formats like the API: ISO 8601 UTC with `digits` fractional digits (0..7), trailing zeros
 * trimmed (so `.2000000` prints as `.2`, and a whole second has no fraction at all), as the
 * service's `…:59.2Z` and `…:50.19Z` show. Digits past `digits` are truncated.
 */
export function formatApiTime(t: ApiTime, digits = 7): string {
	const secs = Math.floor(t.ms / 1000);
	let frac = (t.ms - secs * 1000) * 10000 + t.sub; // 0..9999999
	let len = Math.max(0, Math.min(7, digits));
	for (let k = len; k < 7; k++) frac = Math.floor(frac / 10);
	while (len > 0 && frac % 10 === 0) {
		frac /= 10;
		len--;
	}
	const fracText = len > 0 ? '.' + String(frac).padStart(len, '0') : '';
	// civil from days (proleptic Gregorian)
	const days = Math.floor(secs / 86400);
	const sod = secs - days * 86400;
	const z = days + 719468;
	const era = Math.floor(z / 146097);
	const doe = z - era * 146097;
	const yoe = Math.floor(
		(doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365,
	);
	const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
	const mp = Math.floor((5 * doy + 2) / 153);
	const d = doy - Math.floor((153 * mp + 2) / 5) + 1;
	const m = mp < 10 ? mp + 3 : mp - 9;
	const y = yoe + era * 400 + (m <= 2 ? 1 : 0);
	if (y < 0 || y > 9999) return new Date(secs * 1000).toISOString().slice(0, 19) + fracText + 'Z';
	const hh = Math.floor(sod / 3600);
	const mi = Math.floor((sod - hh * 3600) / 60);
	const ss = sod - hh * 3600 - mi * 60;
	return (
		TWO[Math.floor(y / 100)] +
		TWO[y % 100] +
		'-' +
		TWO[m] +
		'-' +
		TWO[d] +
		'T' +
		TWO[hh] +
		':' +
		TWO[mi] +
		':' +
		TWO[ss] +
		fracText +
		'Z'
	);
}

/** Epoch ms (a clock reading) → ApiTime. */
export function fromEpochMs(ms: number): ApiTime {
	return { ms: Math.floor(ms), sub: 0 };
}
