import { applyPoll, planPoll } from '../../nodes/shared/alerts/cursor';
import { firstPage, nextPage, type PageRequest } from '../../nodes/shared/alerts/cursorPaging';
import type { DefenderAlert } from '../../nodes/shared/alerts/types';
import { alert, apiTime, MIN, poll, T0 } from './helpers';

/** Rows of an ordered store for one request: ge from, le to, ordered by time then id. */
function serve(rows: DefenderAlert[], r: PageRequest): DefenderAlert[] {
	const key = (a: DefenderAlert) => Date.parse(a.lastUpdateTime as string);
	return rows
		.filter((a) => key(a) >= Date.parse(r.from) && key(a) <= Date.parse(r.to))
		.sort((a, b) => key(a) - key(b) || (a.id < b.id ? -1 : 1))
		.slice(r.skip, r.skip + r.top);
}

describe('keyset paging', () => {
	const start = poll(undefined, T0, []).next;

	it('reads a window in pages and reaches its end', () => {
		const rows = Array.from({ length: 25 }, (_, i) =>
			alert(`a${i}`, apiTime(T0 + 1000 + i * 1000)),
		);
		const plan = planPoll(start, T0 + MIN);
		let req: PageRequest | null = firstPage(plan, 10);
		const got: DefenderAlert[] = [];
		let reach = plan.from;
		while (req) {
			const page = serve(rows, req);
			got.push(...page);
			({ next: req, reach } = nextPage(req, page));
		}
		expect(reach).toBe(plan.to);
		expect(applyPoll(plan, got, {}, reach).events).toHaveLength(25);
	});

	it('loses nothing when an alert is updated between pages ($skip would)', () => {
		const rows = Array.from({ length: 30 }, (_, i) =>
			alert(`a${i}`, apiTime(T0 + 1000 + i * 1000)),
		);
		const plan = planPoll(start, T0 + MIN);
		let req: PageRequest | null = firstPage(plan, 10);
		const got: DefenderAlert[] = [];
		let reach = plan.from;
		let pages = 0;
		while (req) {
			const page = serve(rows, req);
			got.push(...page);
			if (++pages === 1) rows[2] = alert('a2', apiTime(T0 + 2 * MIN)); // leaves the window
			({ next: req, reach } = nextPage(req, page));
		}
		const r = applyPoll(plan, got, {}, reach);
		expect(new Set(r.events.map((e) => e.alert.id)).size).toBe(30);
		// What $skip paging would have returned for page 2 after the shift: a10 is skipped.
		const skipPage2 = serve(rows, { ...firstPage(plan, 10), skip: 10 });
		expect(skipPage2[0].id).toBe('a11');
	});

	it('steps over a tie larger than a page with $skip and holds the watermark at the tie', () => {
		const tie = apiTime(T0 + 5000, 3);
		const rows = Array.from({ length: 23 }, (_, i) => alert(`t${String(i).padStart(2, '0')}`, tie));
		rows.push(alert('after', apiTime(T0 + 9000)));
		const plan = planPoll(start, T0 + MIN);
		let req: PageRequest | null = firstPage(plan, 10);
		const got: DefenderAlert[] = [];
		let reach = plan.from;
		let requests = 0;
		while (req && requests++ < 10) {
			const page = serve(rows, req);
			got.push(...page);
			({ next: req, reach } = nextPage(req, page));
		}
		expect(req).toBeNull();
		const r = applyPoll(plan, got, {}, reach);
		expect(r.events).toHaveLength(24);
		expect(r.next.watermark).toBe(tie.replace('Z', '0000Z').slice(0, 27) + 'Z');
		// The next poll re-reads the tie (trusted this time) and moves past it, emitting nothing.
		const plan2 = planPoll(r.next, T0 + 2 * MIN);
		let req2: PageRequest | null = firstPage(plan2, 10);
		const got2: DefenderAlert[] = [];
		let reach2 = plan2.from;
		while (req2) {
			const page = serve(rows, req2);
			got2.push(...page);
			({ next: req2, reach: reach2 } = nextPage(req2, page));
		}
		const r2 = applyPoll(plan2, got2, {}, reach2);
		expect(r2.events).toEqual([]);
		expect(r2.next.watermark).toBe(plan2.to);
	});

	it('falls back to $skip when the API ignores the ordering', () => {
		const plan = planPoll(start, T0 + MIN);
		const req = firstPage(plan, 2);
		const page = [alert('b', apiTime(T0 + 9000)), alert('a', apiTime(T0 + 1000))];
		const step = nextPage(req, page);
		expect(step.next).toMatchObject({ from: plan.from, skip: 2 });
		expect(step.reach).toBe(plan.from);
	});
});
