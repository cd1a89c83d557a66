import type { TenantCursor } from '../../nodes/shared/alerts/cursor';
import {
	getTenantCursor,
	readCursorState,
	setTenantCursor,
	emptyCursorState,
	storedCursorState,
} from '../../nodes/shared/alerts/cursorState';
import { alert, apiTime, ids, MIN, poll, T0 } from './helpers';

describe('pruning by time', () => {
	it('keeps state bounded over 10,000 polls and still recognises old alerts as updates', () => {
		const memoryMs = 60 * MIN;
		let cursor: TenantCursor = poll(undefined, T0, []).next;
		let maxRecords = 0;
		let emitted = 0;
		let mislabelled = 0;
		const createdAt = new Map<string, string>();
		for (let i = 1; i <= 10_000; i++) {
			const now = T0 + i * MIN;
			const world = [0, 1, 2].map((k) => {
				const created = apiTime(now - 20_000 - k);
				createdAt.set(`p${i}-${k}`, created);
				return alert(`p${i}-${k}`, created);
			});
			// The alert of 2 hours ago gets a status change: its record was pruned already.
			if (i > 120) {
				const id = `p${i - 120}-0`;
				world.push(
					alert(id, apiTime(now - 10_000), {
						alertCreationTime: createdAt.get(id),
						status: 'Resolved',
					}),
				);
			}
			const r = poll(cursor, now, world, { memoryMs });
			emitted += r.events.length;
			for (const e of r.events) {
				const expected = e.alert.status === 'Resolved' ? 'updated' : 'created';
				if (e.event !== expected) mislabelled++;
			}
			cursor = r.next;
			maxRecords = Math.max(maxRecords, Object.keys(cursor.seen).length);
		}
		expect(emitted).toBe(3 * 10_000 + (10_000 - 120));
		expect(mislabelled).toBe(0);
		// 4 changes a minute, kept for an hour (+ the minute in flight): never more, whatever the count of polls.
		expect(maxRecords).toBeLessThanOrEqual(4 * 61);
		expect(maxRecords).toBeGreaterThanOrEqual(4 * 59);
		expect(JSON.stringify(cursor).length).toBeLessThan(4 * 61 * 80);
	});

	it('keeps at most maxRecords per tenant over 1,000 busy polls, without losing or repeating an alert', () => {
		// 10 new alerts a minute for 1,000 minutes, all inside a week's memory: only the count bound
		// keeps the state small. Each poll's API answer repeats the last 6 minutes (the 5-minute
		// overlap re-reads them), and an alert of 3 hours ago (pruned by count) is resolved.
		const options = { maxRecords: 200 };
		let cursor: TenantCursor = poll(undefined, T0, [], options).next;
		const world: ReturnType<typeof alert>[] = [];
		const emittedCreated = new Map<string, number>();
		const updates: Array<{ id: string; changedFields: unknown }> = [];
		let maxRecords = 0;
		for (let i = 1; i <= 1000; i++) {
			const now = T0 + i * MIN;
			for (let k = 0; k < 10; k++) world.push(alert(`b${i}-${k}`, apiTime(now - 30_000 - k)));
			const answer = world.filter((a) => Date.parse(a.lastUpdateTime as string) >= now - 6 * MIN);
			if (i > 180) {
				const id = `b${i - 180}-0`;
				answer.push(
					alert(id, apiTime(now - 10_000), {
						alertCreationTime: apiTime(now - 180 * MIN - 30_000),
						status: 'Resolved',
					}),
				);
			}
			const r = poll(cursor, now, answer, options);
			for (const e of r.events) {
				if (e.event === 'created')
					emittedCreated.set(e.alert.id, (emittedCreated.get(e.alert.id) ?? 0) + 1);
				else updates.push({ id: e.alert.id, changedFields: e.changedFields });
			}
			cursor = r.next;
			maxRecords = Math.max(maxRecords, Object.keys(cursor.seen).length);
		}
		expect(emittedCreated.size).toBe(10_000);
		expect([...emittedCreated.values()].every((n) => n === 1)).toBe(true);
		// Every resolved alert is one update; its earlier values were forgotten, so changedFields is unknown.
		expect(updates).toHaveLength(1000 - 180);
		expect(updates.every((u) => u.changedFields === null)).toBe(true);
		expect(maxRecords).toBeLessThanOrEqual(200 + 10);
		expect(Buffer.byteLength(JSON.stringify(cursor))).toBeLessThan(210 * 100);
	});

	it('never prunes by count the records inside the overlap', () => {
		const options = { maxRecords: 3 };
		const start = poll(undefined, T0, [], options).next;
		const burst = Array.from({ length: 8 }, (_, k) => alert(`burst${k}`, apiTime(T0 + 50_000 + k)));
		const r1 = poll(start, T0 + MIN, burst, options);
		expect(r1.events).toHaveLength(8);
		// All 8 are younger than watermark − overlap: kept although the bound is 3.
		expect(Object.keys(r1.next.seen)).toHaveLength(8);
		const r2 = poll(r1.next, T0 + 2 * MIN, burst, options);
		expect(r2.events).toEqual([]);
		// Still inside the window of the next poll (from 2 min − overlap): kept.
		const later = poll(r2.next, T0 + 10 * MIN, [], options);
		expect(Object.keys(later.next.seen)).toHaveLength(8);
		// Once they fall behind the overlap and the poll's window, the bound applies.
		const after = poll(later.next, T0 + 20 * MIN, [], options);
		expect(Object.keys(after.next.seen).length).toBeLessThanOrEqual(3);
	});

	it.each([
		['New + Updated', {}],
		[
			'New Alert with a filter on a changing field',
			{ events: ['created'] as const, scanField: 'lastUpdateTime' as const },
		],
	])(
		'a backlog drained under a per-poll cap keeps its records: an alert updated while it waited is still "created" (%s)',
		(_name, mode) => {
			// 10 new alerts a minute for 30 minutes, 3 emitted per poll: the trigger falls ever further
			// behind. Alert q60 (created at 6 min) is updated at 12 min, long before the trigger reaches
			// it, so its only version the trigger sees is the update. Count pruning during the backlog
			// would move the horizon past its creation and label it "updated" (or drop it from a
			// New-alert trigger); the trigger never saw it, so it is new.
			const options = { maxRecords: 15, maxEventsPerPoll: 3, ...mode };
			const born = (k: number) => T0 + k * 6_000;
			const versionOf = (k: number, now: number) => {
				const created = apiTime(born(k));
				if (k === 60 && now >= T0 + 12 * MIN)
					return alert(`q${k}`, apiTime(T0 + 12 * MIN), { alertCreationTime: created });
				return alert(`q${k}`, created);
			};
			let cursor: TenantCursor = poll(undefined, T0, [], options).next;
			const events: Array<{ id: string; event: string }> = [];
			let recordsAfterCatchUp = 0;
			for (let i = 1; i <= 160; i++) {
				const now = T0 + i * MIN;
				const world = [];
				for (let k = 1; k <= 300 && born(k) <= now; k++) world.push(versionOf(k, now));
				const r = poll(cursor, now, world, options);
				for (const e of r.events) events.push({ id: e.alert.id, event: e.event });
				cursor = r.next;
				if (i > 150)
					recordsAfterCatchUp = Math.max(recordsAfterCatchUp, Object.keys(cursor.seen).length);
			}
			expect(events).toHaveLength(300);
			expect(new Set(events.map((e) => e.id)).size).toBe(300);
			expect(events.filter((e) => e.event !== 'created')).toEqual([]);
			// Caught up, the count bound applies again.
			expect(recordsAfterCatchUp).toBeLessThanOrEqual(15);
		},
	);

	it('a caught-up poll does not prune into its own window: an alert updated past `to` before its page was read is still "created"', () => {
		// Hourly polls. A is created at 0:20 and updated at 1:00:01, just after the 1:00 poll fixed
		// its window and before the page with A was read, so that poll never saw it. Pruning down to
		// 3 records up to watermark − overlap (0:55) would put the horizon past A's creation.
		const options = { maxRecords: 3 };
		const start = poll(undefined, T0, [], options).next;
		const busy = Array.from({ length: 10 }, (_, k) => alert(`b${k}`, apiTime(T0 + (30 + k) * MIN)));
		const a = alert('A', apiTime(T0 + 60 * MIN + 1_000), {
			alertCreationTime: apiTime(T0 + 20 * MIN),
		});
		const first = poll(start, T0 + 60 * MIN, [...busy, a], options);
		expect(ids(first)).toEqual(busy.map((b) => b.id));
		const second = poll(first.next, T0 + 120 * MIN, [...busy, a], options);
		expect(second.events.map((e) => [e.alert.id, e.event])).toEqual([['A', 'created']]);
	});

	it('never prunes records inside the overlap, even when asked for less memory', () => {
		const start = poll(undefined, T0, []).next;
		const r1 = poll(start, T0 + MIN, [alert('a', apiTime(T0 + 59_000))], { memoryMs: 0 });
		const r2 = poll(r1.next, T0 + 2 * MIN, [alert('a', apiTime(T0 + 59_000))], { memoryMs: 0 });
		expect(r2.events).toEqual([]);
		expect(Object.keys(r2.next.seen)).toEqual(['a']);
	});
});

describe('per-tenant cursors in static data', () => {
	it('a failing tenant is retried without blocking or rewinding the others', () => {
		const stored: Record<string, unknown> = {};
		let state = readCursorState(stored.cursor);
		for (const tenant of ['A', 'B']) {
			state = setTenantCursor(state, tenant, poll(undefined, T0, []).next);
		}
		stored.cursor = JSON.parse(JSON.stringify(storedCursorState(state)));

		const worldA = [alert('a1', apiTime(T0 + 10_000))];
		const worldB = [alert('b1', apiTime(T0 + 20_000))];
		// Poll 1: A fails mid-poll (its result is dropped), B succeeds.
		state = readCursorState(stored.cursor);
		const bPoll = poll(getTenantCursor(state, 'B'), T0 + MIN, worldB);
		expect(ids(bPoll)).toEqual(['b1']);
		state = setTenantCursor(state, 'B', bPoll.next);
		stored.cursor = JSON.parse(JSON.stringify(storedCursorState(state)));

		// Poll 2, much later: A still gets a1 (its window did not move); B does not repeat b1.
		state = readCursorState(stored.cursor);
		const a2 = poll(getTenantCursor(state, 'A'), T0 + 30 * MIN, worldA);
		const b2 = poll(getTenantCursor(state, 'B'), T0 + 30 * MIN, worldB);
		expect(ids(a2)).toEqual(['a1']);
		expect(b2.events).toEqual([]);
		expect(getTenantCursor(state, 'B')?.watermark).toBe(bPoll.next.watermark);
	});

	it('reads garbage as empty, drops only bad records, and ignores unknown versions', () => {
		expect(readCursorState(undefined)).toEqual(emptyCursorState());
		expect(
			readCursorState({ v: 99, tenants: { A: { w: '2026-01-01T00:00:00.0000000Z', h: '0' } } })
				.tenants,
		).toEqual({});
		const good = poll(undefined, T0, []).next;
		const withA = poll(good, T0 + MIN, [alert('a', apiTime(T0 + 1000))]).next;
		const raw = JSON.parse(JSON.stringify({ v: 1, tenants: { A: withA, B: { watermark: 'x' } } }));
		raw.tenants.A.seen.bad = ['yesterday', 'AAAA'];
		const state = readCursorState(raw);
		expect(Object.keys(state.tenants)).toEqual(['A']);
		expect(Object.keys(state.tenants.A.seen)).toEqual(['a']);
		expect(getTenantCursor(state, 'toString')).toBeUndefined();
	});

	it('setTenantCursor leaves the previous state untouched', () => {
		const before = emptyCursorState();
		const after = setTenantCursor(before, 'A', poll(undefined, T0, []).next);
		expect(Object.keys(before.tenants)).toEqual([]);
		expect(Object.keys(after.tenants)).toEqual(['A']);
	});
});
