/**
 * The stored form of the trigger's cursors: exact round trips, total decoding, and the size n8n
 * rewrites on every emitting poll — at most 2 KB per tenant at steady state with the default
 * options and 10 new alerts per poll (the old form kept ~100 KB per tenant).
 */
import { applyPoll, DEFAULT_CURSOR_OPTIONS, planPoll } from '../../nodes/shared/alerts/cursor';
import type { CursorOptions, TenantCursor } from '../../nodes/shared/alerts/cursor';
import { decodeTenantCursor, encodeTenantCursor } from '../../nodes/shared/alerts/cursorEncoding';
import {
	emptyCursorState,
	readCursorState,
	setTenantCursor,
	storedCursorState,
} from '../../nodes/shared/alerts/cursorState';
import { alert, apiTime, MIN, poll, T0 } from './helpers';

/**
 * Ids shaped like Defender's (`da637551227677560813_-961444813`): "da", the alert's time in .NET
 * ticks, "_" and a random 32-bit number; seeded, so the figure is reproducible.
 */
function defenderIds(): (atMs: number) => string {
	let seed = 7;
	const random = () => {
		seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648;
		return seed / 2_147_483_648;
	};
	return (atMs) => {
		const ticks =
			BigInt(atMs) * 10_000n + 621_355_968_000_000_000n + BigInt(Math.floor(random() * 10_000));
		return `da${ticks}_${random() < 0.5 ? '-' : ''}${Math.floor(random() * 2_147_483_647)}`;
	};
}

/** What n8n hands the next poll: the cursor stored and read back. */
const stored = (cursor: TenantCursor) =>
	decodeTenantCursor(JSON.parse(JSON.stringify(encodeTenantCursor(cursor)))) as TenantCursor;

function steadyState(options: Partial<CursorOptions>, polls = 100, perPoll = 10): TenantCursor {
	let cursor = poll(undefined, T0, [], options).next;
	const recent: ReturnType<typeof alert>[] = [];
	const idAt = defenderIds();
	for (let i = 1; i <= polls; i++) {
		const now = T0 + i * MIN;
		for (let k = 0; k < perPoll; k++) {
			const at = now - 50_000 + k * 4_000;
			recent.push(alert(idAt(at), apiTime(at, k)));
		}
		// The API answers the whole overlap each poll; older rows no longer match the window.
		while (recent.length > 0 && Date.parse(recent[0].lastUpdateTime as string) < now - 6 * MIN)
			recent.shift();
		cursor = stored(poll(cursor, now, recent, options).next);
	}
	return cursor;
}

/** The stored bytes of one tenant's cursor under a real (GUID) tenant id. */
const bytes = (cursor: TenantCursor) =>
	Buffer.byteLength(
		JSON.stringify(
			storedCursorState(
				setTenantCursor(emptyCursorState(), '6f1e2b0c-3d4a-4b5c-8d6e-7f8091a2b3c4', cursor),
			),
		),
	);

describe('stored cursor size', () => {
	it('default options (New Alert only): under 2 KB per tenant after 100 polls of 10 new alerts', () => {
		const cursor = steadyState({ ...DEFAULT_CURSOR_OPTIONS, events: ['created'] });
		// 1.5 KB measured; the target is 2 KB.
		expect(bytes(cursor)).toBeLessThanOrEqual(2048);
		// What the overlap needs is kept: the last 5 minutes' alerts.
		expect(Object.keys(cursor.seen).length).toBeGreaterThanOrEqual(50);
	});

	it('New and Updated alerts keep fingerprints, bounded by Remember At Most', () => {
		const cursor = steadyState({ ...DEFAULT_CURSOR_OPTIONS, maxRecords: 100 });
		expect(Object.keys(cursor.seen).length).toBeLessThanOrEqual(100);
		expect(bytes(cursor) / Object.keys(cursor.seen).length).toBeLessThan(85);
	});
});

describe('records age between polls in the stored form', () => {
	it('a capped backlog drain (watermark moving < 30 s a poll) keeps only the overlap', () => {
		const options: Partial<CursorOptions> = { events: ['created'], maxEventsPerPoll: 10 };
		// One alert every 2 s, all there already; 10 a poll moves the watermark 20 s a poll.
		const world = Array.from({ length: 6_100 }, (_, i) => alert(`a${i}`, apiTime(T0 + 2_000 * i)));
		let cursor: TenantCursor | undefined;
		const emitted = new Set<string>();
		for (let p = 0; p < 300; p++) {
			const plan = planPoll(cursor, p === 0 ? T0 : T0 + 300 * MIN + p * MIN, options);
			const r = applyPoll(plan, plan.fetch ? world : [], options);
			for (const e of r.events) emitted.add(e.alert.id);
			cursor = stored(r.next);
		}
		expect(emitted.size).toBe(1 + 10 * 299); // the alert at the activation instant, then 10 a poll
		// 5 minutes of alerts every 2 s = 150, plus at most one 30-second slot.
		expect(Object.keys((cursor as TenantCursor).seen).length).toBeLessThanOrEqual(166);
	});
});

describe('round trip', () => {
	it('lastUpdateTime cursors come back exactly (times to the tick, fingerprints)', () => {
		const cursor = steadyState({ ...DEFAULT_CURSOR_OPTIONS, maxRecords: 100 }, 12);
		const back = decodeTenantCursor(JSON.parse(JSON.stringify(encodeTenantCursor(cursor))));
		expect(back).toEqual({ ...cursor, seen: { ...cursor.seen }, field: 'lastUpdateTime' });
	});

	it('creation-time cursors keep every id, filed at or after its time (never forgotten early)', () => {
		const cursor = steadyState({ ...DEFAULT_CURSOR_OPTIONS, events: ['created'] }, 12);
		const back = decodeTenantCursor(
			JSON.parse(JSON.stringify(encodeTenantCursor(cursor))),
		) as TenantCursor;
		expect(Object.keys(back.seen).sort()).toEqual(Object.keys(cursor.seen).sort());
		for (const id of Object.keys(cursor.seen)) {
			expect(back.seen[id][0] >= cursor.seen[id][0]).toBe(true);
			expect(
				Date.parse(back.seen[id][0].slice(0, 23) + 'Z') -
					Date.parse(cursor.seen[id][0].slice(0, 23) + 'Z'),
			).toBeLessThanOrEqual(30_000);
		}
		expect(back.watermark).toBe(cursor.watermark);
		expect(back.horizon).toBe(cursor.horizon);
	});

	it('any alert id survives the stored form (front-coded ids, spaces, unicode, one long shared prefix)', () => {
		const ids = [
			'da637551227677560813_-961444813',
			'da637551227677560813_-961444814',
			'da637551227677560813',
			'a b',
			'ünïcødé-id',
			'x'.repeat(80),
			'x'.repeat(79) + 'y',
			'0',
		];
		const t = apiTime(T0);
		const cursor = poll(
			undefined,
			T0 + MIN,
			ids.map((id) => alert(id, t)),
			{
				events: ['created'],
				backfillMs: 5 * MIN,
			},
		).next;
		expect(Object.keys(cursor.seen).sort()).toEqual([...ids].sort());
		expect(Object.keys(stored(cursor).seen).sort()).toEqual([...ids].sort());
	});

	it('decoding is total: garbage gives undefined or drops only the bad record', () => {
		expect(decodeTenantCursor(null)).toBeUndefined();
		expect(decodeTenantCursor({ w: 'yesterday', h: '0' })).toBeUndefined();
		expect(decodeTenantCursor({ w: '2026-01-01T00:00:00.0000000Z', h: '-5' })).toBeUndefined();
		const cursor = decodeTenantCursor({
			w: '2026-01-01T00:00:00.0000000Z',
			h: '0',
			r: { good: '-a', bad: 'not ticks', fp: '-a NOTAFINGERPRINT' },
		});
		expect(Object.keys(cursor?.seen ?? {})).toEqual(['good']);
		const slots = decodeTenantCursor({
			w: '2026-01-01T00:00:00.0000000Z',
			h: '0',
			k: 'c',
			b: { '0': '0abc 3d z9bad 2x', bad: 'ok', '-1': 42 },
		});
		expect(Object.keys(slots?.seen ?? {}).sort()).toEqual(['abc', 'abcd', 'abx']);
	});

	it('a v1 state (the first stored form) is still read', () => {
		const v1 = {
			v: 1,
			tenants: {
				A: {
					watermark: '2026-01-01T00:00:00.0000000Z',
					horizon: '2026-01-01T00:00:00.0000000Z',
					seen: {},
				},
			},
		};
		expect(Object.keys(readCursorState(v1).tenants)).toEqual(['A']);
	});
});
