import {
	compareTime,
	isTimeKey,
	MAX_TIME_KEY,
	MIN_TIME_KEY,
	parseApiTime,
	shiftTime,
	timeKeyFromMs,
	timeKeyToMs,
	type TimeKey,
} from '../../nodes/shared/alerts/time';

const key = (text: string) => parseApiTime(text) as TimeKey;

describe('parseApiTime', () => {
	it('normalises 0..7 fraction digits to 7', () => {
		expect(parseApiTime('2021-01-26T20:33:57.7220239Z')).toBe('2021-01-26T20:33:57.7220239Z');
		expect(parseApiTime('2021-01-26T20:33:59.2Z')).toBe('2021-01-26T20:33:59.2000000Z');
		expect(parseApiTime('2021-01-26T20:33:50.19Z')).toBe('2021-01-26T20:33:50.1900000Z');
		expect(parseApiTime('2021-01-26T20:33:57Z')).toBe('2021-01-26T20:33:57.0000000Z');
		expect(parseApiTime('2021-01-26T20:33Z')).toBe('2021-01-26T20:33:00.0000000Z');
	});

	it('orders by time where raw strings would not', () => {
		const a = '2021-01-26T20:33:59.2Z';
		const b = '2021-01-26T20:33:59.19Z';
		expect(compareTime(key(a), key(b))).toBeGreaterThan(0);
		// Raw strings get these wrong: 'Z' sorts after '.' and after every digit.
		const whole = '2021-01-26T20:33:59Z';
		const later = '2021-01-26T20:33:59.5Z';
		expect(whole > later).toBe(true);
		expect(compareTime(key(whole), key(later))).toBeLessThan(0);
		expect(a > '2021-01-26T20:33:59.2000001Z').toBe(true);
		expect(compareTime(key(a), key('2021-01-26T20:33:59.2000001Z'))).toBeLessThan(0);
		expect(compareTime(key('2021-01-26T20:33:59.1900001Z'), key(b))).toBeGreaterThan(0);
		expect(compareTime(key('2021-01-26T20:33:59.19Z'), key('2021-01-26T20:33:59.1900000Z'))).toBe(
			0,
		);
		expect(compareTime(key('2021-01-26T20:33:59Z'), key('2021-01-26T20:33:58.9999999Z'))).toBe(1);
	});

	it('converts offsets to UTC', () => {
		expect(parseApiTime('2021-01-26T20:33:57.5+00:00')).toBe('2021-01-26T20:33:57.5000000Z');
		expect(parseApiTime('2021-01-26T22:33:57.5+02:00')).toBe('2021-01-26T20:33:57.5000000Z');
		expect(parseApiTime('2021-01-26T00:10:00-0130')).toBe('2021-01-26T01:40:00.0000000Z');
		expect(parseApiTime('2021-01-01T00:00:00.0000001+00:01')).toBe('2020-12-31T23:59:00.0000001Z');
	});

	it('truncates digits past the 7th', () => {
		expect(parseApiTime('2021-01-26T20:33:57.123456789Z')).toBe('2021-01-26T20:33:57.1234567Z');
	});

	it('returns null for garbage, never throws', () => {
		const bad: unknown[] = [
			null,
			undefined,
			42,
			{},
			'',
			'yesterday',
			'2021-02-29T00:00:00Z',
			'2021-13-01T00:00:00Z',
			'2021-01-26T24:00:00Z',
			'2021-01-26T20:60:00Z',
			'2021-01-26T20:33:57.Z',
			'2021-01-26T20:33:57.1234567',
			'2021-01-26T20:33:57.1234567+15:00',
			'0000-01-01T00:00:00Z',
			'2021-01-26T20:33:57.1234567Z' + ' '.repeat(40),
		];
		for (const value of bad) expect(parseApiTime(value)).toBeNull();
		expect(parseApiTime('2024-02-29T00:00:00Z')).toBe('2024-02-29T00:00:00.0000000Z');
	});

	it('checks a value already written with 7 digits and Z as strictly as any other', () => {
		const bad = [
			'2021-02-29T00:00:00.0000000Z',
			'2100-02-29T00:00:00.0000000Z',
			'2021-04-31T00:00:00.0000000Z',
			'2021-00-10T00:00:00.0000000Z',
			'2021-01-00T00:00:00.0000000Z',
			'0000-01-01T00:00:00.0000000Z',
			'2021-01-26T24:00:00.0000000Z',
			'2021-01-26T20:33:60.0000000Z',
			'2021-01-26 20:33:57.1234567Z',
		];
		for (const value of bad) expect(parseApiTime(value)).toBeNull();
		for (const value of ['2024-02-29T23:59:59.9999999Z', '2000-02-29T00:00:00.0000001Z']) {
			expect(parseApiTime(value)).toBe(value);
		}
		// The same key as through a Date, over random instants in years 1..9999.
		let seed = 7;
		const random = () => (seed = (seed * 48271) % 2147483647) / 2147483647;
		for (let i = 0; i < 2000; i++) {
			const ms = Math.floor(-62135596800000 + random() * 315537897599999);
			const ticks = String(Math.floor(random() * 10000)).padStart(4, '0');
			const sevenDigits = `${new Date(ms).toISOString().slice(0, 23)}${ticks}Z`;
			const viaOffset = `${new Date(ms).toISOString().slice(0, 23)}${ticks}+00:00`;
			expect(parseApiTime(sevenDigits)).toBe(sevenDigits);
			expect(parseApiTime(viaOffset)).toBe(sevenDigits);
		}
	});

	it('handles years below 100 (Date.UTC would map them to 19xx)', () => {
		expect(parseApiTime('0050-06-01T00:00:00Z')).toBe('0050-06-01T00:00:00.0000000Z');
	});
});

describe('TimeKey arithmetic', () => {
	it('round-trips epoch ms and keeps sub-ms ticks when shifting', () => {
		const ms = Date.UTC(2026, 0, 2, 3, 4, 5, 678);
		expect(timeKeyFromMs(ms)).toBe('2026-01-02T03:04:05.6780000Z');
		expect(timeKeyToMs(timeKeyFromMs(ms) as TimeKey)).toBe(ms);
		expect(shiftTime(key('2026-01-02T03:04:05.6789999Z'), -5 * 60_000)).toBe(
			'2026-01-02T02:59:05.6789999Z',
		);
		expect(shiftTime(key('2026-01-02T03:04:05.6789999Z'), 1)).toBe('2026-01-02T03:04:05.6799999Z');
	});

	it('clamps instead of leaving the 4-digit-year layout', () => {
		expect(shiftTime(MIN_TIME_KEY, -1)).toBe(MIN_TIME_KEY);
		expect(shiftTime(MAX_TIME_KEY, 1)).toBe(MAX_TIME_KEY);
		expect(timeKeyFromMs(Number.NaN)).toBeNull();
		expect(timeKeyFromMs(1e20)).toBeNull();
	});

	it('recognises only well-formed keys', () => {
		expect(isTimeKey('2026-01-02T03:04:05.6789999Z')).toBe(true);
		expect(isTimeKey('2026-01-02T03:04:05.678Z')).toBe(false);
		expect(isTimeKey('2026-13-30T03:04:05.6789999Z')).toBe(false);
		expect(isTimeKey('0000-01-01T00:00:00.0000000Z')).toBe(false);
		expect(isTimeKey(12)).toBe(false);
	});

	it('string order equals time order over random instants', () => {
		let seed = 7;
		const rand = () => (seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) / 2 ** 32;
		for (let i = 0; i < 2000; i++) {
			const a = BigInt(Math.floor(rand() * 2 ** 40)) * 10000n + BigInt(Math.floor(rand() * 10000));
			const b = a + BigInt(Math.floor(rand() * 20000) - 10000);
			const ka = keyFromTicks(a);
			const kb = keyFromTicks(b);
			expect(Math.sign(compareTime(ka, kb))).toBe(a < b ? -1 : a > b ? 1 : 0);
		}
	});
});

/** Epoch 100-ns ticks → API-style text with trailing zeros trimmed, parsed back. */
function keyFromTicks(ticks: bigint): TimeKey {
	const ms = Number(ticks / 10000n);
	const frac = (
		String(ms % 1000).padStart(3, '0') + String(ticks % 10000n).padStart(4, '0')
	).replace(/0+$/, '');
	const text = new Date(ms).toISOString().slice(0, 19) + (frac ? '.' + frac : '') + 'Z';
	return key(text);
}
