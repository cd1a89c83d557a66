import { applyPoll, planPoll, pickTestEvent } from '../../nodes/shared/alerts/cursor';
import { alert, apiTime, ids, MIN, poll, T0 } from './helpers';

describe('first poll', () => {
	it('starts now: alerts updated before activation are not emitted', () => {
		const world = [alert('old', apiTime(T0 - 1000))];
		const first = poll(undefined, T0, world);
		expect(first.from).toBe(first.to);
		expect(first.events).toEqual([]);
		expect(first.next.watermark).toBe(apiTime(T0).replace('Z', '.0000000Z'));
		const later = [...world, alert('new', apiTime(T0 + 30_000))];
		const second = poll(first.next, T0 + MIN, later);
		expect(ids(second)).toEqual(['new']);
	});

	it('backfills the whole window, paged input in any order, oldest first', () => {
		const world = Array.from({ length: 300 }, (_, i) =>
			alert(`a${i}`, apiTime(T0 - 23 * 3_600_000 + ((i * 7919) % 300) * MIN)),
		);
		world.push(alert('too-old', apiTime(T0 - 25 * 3_600_000)));
		const r = poll(undefined, T0, world, { backfillMs: 24 * 3_600_000 });
		expect(r.events).toHaveLength(300);
		expect(r.events.every((e) => e.event === 'created')).toBe(true);
		const times = r.events.map((e) => Date.parse(e.alert.lastUpdateTime as string));
		expect(times).toEqual([...times].sort((a, b) => a - b));
		expect(r.stats.outsideWindow).toBe(1);
	});
});

describe('ordering and equal timestamps', () => {
	it('orders by parsed time, then id, whatever the fraction length', () => {
		const world = [
			alert('c', '2026-01-01T12:00:59.2Z'),
			alert('b', '2026-01-01T12:00:59.19Z'),
			alert('a', '2026-01-01T12:00:59.1900001Z'),
			alert('e', '2026-01-01T12:00:59Z'),
			alert('d', '2026-01-01T12:00:59.2000000Z'),
		];
		const start = poll(undefined, T0, []).next;
		expect(ids(poll(start, T0 + 2 * MIN, world))).toEqual(['e', 'b', 'a', 'c', 'd']);
	});

	it('emits an alert sharing the boundary timestamp that shows up one poll later', () => {
		const t = apiTime(T0 + 10_000, 1234);
		const start = poll(undefined, T0, []).next;
		const p1 = poll(start, T0 + MIN, [alert('a', t), alert('b', t)]);
		expect(ids(p1)).toEqual(['a', 'b']);
		const p2 = poll(p1.next, T0 + 2 * MIN, [alert('b', t), alert('c', t), alert('a', t)]);
		expect(ids(p2)).toEqual(['c']);
		expect(
			poll(p2.next, T0 + 3 * MIN, [alert('a', t), alert('b', t), alert('c', t)]).events,
		).toEqual([]);
	});

	it('splits a burst of equal timestamps across polls with a cap, no loss, no repeat', () => {
		const t = apiTime(T0 + 5_000, 7);
		const world = Array.from({ length: 25 }, (_, i) => alert(`id${String(i).padStart(2, '0')}`, t));
		let cursor = poll(undefined, T0, []).next;
		const seen: string[] = [];
		const sizes: number[] = [];
		for (let i = 1; i <= 4; i++) {
			const r = poll(cursor, T0 + i * MIN, [...world].reverse(), { maxEventsPerPoll: 10 });
			sizes.push(r.events.length);
			seen.push(...ids(r));
			expect(r.capped).toBe(i < 3);
			cursor = r.next;
		}
		expect(sizes).toEqual([10, 10, 5, 0]);
		expect(seen).toEqual(world.map((a) => a.id));
	});

	it('keeps the watermark before what a cap left over, even far in the past', () => {
		const start = poll(undefined, T0 - 24 * 3_600_000, []).next;
		const world = Array.from({ length: 50 }, (_, i) =>
			alert(`x${i}`, apiTime(T0 - (50 - i) * 3 * MIN)),
		);
		let cursor = start;
		const seen: string[] = [];
		for (let i = 0; i < 6; i++) {
			const r = poll(cursor, T0 + i * MIN, world, { maxEventsPerPoll: 12 });
			seen.push(...ids(r));
			cursor = r.next;
		}
		expect(seen).toEqual(world.map((a) => a.id));
	});
});

describe('overlap for late-indexed alerts', () => {
	it('catches an alert that appears after the watermark passed its timestamp', () => {
		const start = poll(undefined, T0, []).next;
		const p1 = poll(start, T0 + MIN, [alert('a', apiTime(T0 + 50_000))]);
		const late = alert('late', apiTime(T0 + 10_000, 1));
		const p2 = poll(p1.next, T0 + 2 * MIN, [alert('a', apiTime(T0 + 50_000)), late]);
		expect(ids(p2)).toEqual(['late']);
	});

	it('does not reach back further than the overlap (the documented assumption)', () => {
		const start = poll(undefined, T0, []).next;
		const p1 = poll(start, T0 + 10 * MIN, []);
		const p2 = poll(p1.next, T0 + 11 * MIN, [alert('very-late', apiTime(T0 + MIN))], {
			overlapMs: 2 * MIN,
		});
		expect(p2.events).toEqual([]);
		expect(p2.stats.outsideWindow).toBe(1);
	});
});

describe('updates', () => {
	const c = apiTime(T0 + 1000);
	const start = () => poll(undefined, T0, []).next;

	it('emits a newer lastUpdateTime as updated with the changed fields, once', () => {
		const p1 = poll(start(), T0 + MIN, [alert('a', c)]);
		const v2 = alert('a', apiTime(T0 + 70_000), {
			alertCreationTime: c,
			status: 'InProgress',
			assignedTo: 'soc@contoso.com',
		});
		const p2 = poll(p1.next, T0 + 2 * MIN, [v2]);
		expect(p2.events).toEqual([
			{ event: 'updated', alert: v2, changedFields: ['status', 'assignedTo'] },
		]);
		expect(poll(p2.next, T0 + 3 * MIN, [v2]).events).toEqual([]);
	});

	it('labels an alert first seen already updated as created, once', () => {
		const v3 = alert('a', apiTime(T0 + 50_000), { alertCreationTime: c, status: 'Resolved' });
		const p = poll(start(), T0 + MIN, [v3]);
		expect(p.events.map((e) => e.event)).toEqual(['created']);
	});

	it('ignores a stale older version and duplicates in one response', () => {
		const p1 = poll(start(), T0 + MIN, [alert('a', c)]);
		const v2 = alert('a', apiTime(T0 + 61_000), { alertCreationTime: c, status: 'Resolved' });
		const p2 = poll(p1.next, T0 + 2 * MIN, [v2, alert('a', c), v2]);
		expect(p2.events).toHaveLength(1);
		expect(p2.stats.duplicates).toBe(2);
		expect(poll(p2.next, T0 + 3 * MIN, [alert('a', c)]).events).toEqual([]);
	});

	it('"status/classification/assignment" mode skips other changes and compares with the last emitted', () => {
		const opts = { updateMode: 'statusClassificationAssignment' as const };
		const p1 = poll(start(), T0 + MIN, [alert('a', c)], opts);
		const comment = { comments: [{ comment: 'looked at it' }], alertCreationTime: c };
		const p2 = poll(p1.next, T0 + 2 * MIN, [alert('a', apiTime(T0 + 65_000), comment)], opts);
		expect(p2.events).toEqual([]);
		const sev = { ...comment, severity: 'High' };
		const p3 = poll(p2.next, T0 + 3 * MIN, [alert('a', apiTime(T0 + 125_000), sev)], opts);
		expect(p3.events).toEqual([]);
		const classified = { ...sev, classification: 'TruePositive', determination: 'Malware' };
		const v4 = alert('a', apiTime(T0 + 185_000), classified);
		const p4 = poll(p3.next, T0 + 4 * MIN, [v4], opts);
		expect(p4.events).toEqual([
			{
				event: 'updated',
				alert: v4,
				changedFields: ['classification', 'determination', 'severity', 'comments'],
			},
		]);
		// 'any' mode would have emitted each of those changes.
		const any = poll(p1.next, T0 + 2 * MIN, [alert('a', apiTime(T0 + 65_000), comment)]);
		expect(any.events[0].changedFields).toEqual(['comments']);
	});

	it('records unwanted events so switching the filter later does not replay them', () => {
		const v2 = alert('a', apiTime(T0 + 70_000), { alertCreationTime: c, status: 'Resolved' });
		const created = poll(start(), T0 + MIN, [alert('a', c)], { events: ['updated'] });
		expect(created.events).toEqual([]);
		const upd = poll(created.next, T0 + 2 * MIN, [v2], { events: ['updated'] });
		expect(upd.events.map((e) => [e.event, e.changedFields])).toEqual([['updated', ['status']]]);
		const onlyNew = poll(start(), T0 + MIN, [alert('a', c)], { events: ['created'] });
		const skipped = poll(onlyNew.next, T0 + 2 * MIN, [v2], { events: ['created'] });
		expect(skipped.events).toEqual([]);
		expect(poll(skipped.next, T0 + 3 * MIN, [v2]).events).toEqual([]);
	});

	it('labels an update of an alert created before activation as updated, fields unknown', () => {
		const pre = alert('pre', apiTime(T0 + 30_000), { alertCreationTime: apiTime(T0 - 3_600_000) });
		const p = poll(start(), T0 + MIN, [pre]);
		expect(p.events).toEqual([{ event: 'updated', alert: pre, changedFields: null }]);
		expect(poll(start(), T0 + MIN, [pre], { events: ['created'] }).events).toEqual([]);
	});
});

describe('replays and static data', () => {
	it('is pure: replaying from the same state gives the same events, from the next none', () => {
		const world = [alert('a', apiTime(T0 + 1000)), alert('b', apiTime(T0 + 2000))];
		const start = poll(undefined, T0, []).next;
		const snapshot = JSON.stringify(start);
		const r1 = poll(start, T0 + MIN, world);
		const r2 = poll(start, T0 + MIN, world);
		expect(JSON.stringify(start)).toBe(snapshot);
		expect(r2.events).toEqual(r1.events);
		expect(poll(r1.next, T0 + MIN, world).events).toEqual([]);
	});

	it('treats a nothing-found poll as no events while the window still moves', () => {
		const start = poll(undefined, T0, []).next;
		const r = poll(start, T0 + 10 * MIN, []);
		expect(r.events).toEqual([]);
		expect(r.next.watermark).toBe(r.to);
		expect(planPoll(r.next, T0 + 11 * MIN).from).toBe(
			apiTime(T0 + 5 * MIN).replace('Z', '.0000000Z'),
		);
	});

	it('handles alert ids that are Object.prototype names', () => {
		const start = poll(undefined, T0, []).next;
		const world = [
			alert('__proto__', apiTime(T0 + 1000)),
			alert('constructor', apiTime(T0 + 1000)),
		];
		const r = poll(start, T0 + MIN, world);
		expect(ids(r)).toEqual(['__proto__', 'constructor']);
		const reloaded = JSON.parse(JSON.stringify(r.next));
		expect(Object.keys(reloaded.seen).sort()).toEqual(['__proto__', 'constructor']);
		expect(poll(r.next, T0 + 2 * MIN, world).events).toEqual([]);
	});

	it('rejects alerts without id or usable lastUpdateTime without throwing', () => {
		const start = poll(undefined, T0, []).next;
		const plan = planPoll(start, T0 + MIN);
		const junk = [null, {}, { id: 'x' }, { id: 'y', lastUpdateTime: 'soon' }, { id: 3 }];
		const r = applyPoll(plan, junk as never, {});
		expect(r.events).toEqual([]);
		expect(r.stats.invalid).toBe(5);
	});
});

describe('Fetch Test Event', () => {
	it('returns the newest alert by parsed time and needs no cursor', () => {
		const world = [
			alert('a', '2026-01-01T12:00:59.19Z'),
			alert('b', '2026-01-01T12:00:59.2Z'),
			alert('c', '2026-01-01T12:00:59Z'),
			{ id: 'broken', lastUpdateTime: null },
		];
		expect(pickTestEvent(world)?.alert.id).toBe('b');
		expect(pickTestEvent(world, { events: ['updated'] })?.event).toBe('updated');
		expect(pickTestEvent([])).toBeNull();
	});
});
