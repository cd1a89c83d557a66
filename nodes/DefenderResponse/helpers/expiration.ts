/**
 * Indicator expiration: a duration from now ("30d", "12h", "P30D", "PT12H") or a date. Returns
 * the ISO instant Defender takes as `expirationTime`, or undefined for "never".
 */
import { InputError } from '../../shared/transport';

const UNIT_MS: Record<string, number> = {
	m: 60_000,
	h: 3_600_000,
	d: 86_400_000,
	w: 7 * 86_400_000,
};

function durationMs(text: string): number | undefined {
	const simple = /^(\d+)\s*(m|min|minutes?|h|hours?|d|days?|w|weeks?)$/i.exec(text);
	if (simple) return Number(simple[1]) * UNIT_MS[simple[2][0].toLowerCase()];
	const iso = /^P(?:(\d+)W)?(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?)?$/i.exec(text);
	if (iso && /\d/.test(text)) {
		const [, w = '0', d = '0', h = '0', m = '0'] = iso;
		return (
			Number(w) * UNIT_MS.w + Number(d) * UNIT_MS.d + Number(h) * UNIT_MS.h + Number(m) * UNIT_MS.m
		);
	}
	return undefined;
}

export function parseExpiration(raw: string | undefined, nowMs: number): string | undefined {
	const text = (raw ?? '').trim();
	if (!text || /^never$/i.test(text)) return undefined;
	const ms = durationMs(text);
	if (ms !== undefined) {
		if (ms <= 0)
			throw new InputError(
				`The expiration "${text}" is zero. Use a positive duration such as 30d.`,
			);
		return new Date(nowMs + ms).toISOString();
	}
	if (/^\d{4}-\d{2}-\d{2}/.test(text)) {
		const date = new Date(
			/[zZ]|[+-]\d{2}:?\d{2}$/.test(text) || text.length === 10 ? text : `${text}Z`,
		);
		if (Number.isNaN(date.getTime())) throw new InputError(`"${text}" is not a valid date.`);
		if (date.getTime() <= nowMs) {
			throw new InputError(
				`The expiration ${date.toISOString()} is in the past. Use a future date or a duration such as 30d.`,
			);
		}
		return date.toISOString();
	}
	throw new InputError(
		`"${text}" is neither a duration (e.g. 30d, 12h, 2w, P30D) nor a date (e.g. 2026-12-31T00:00:00Z).`,
	);
}
