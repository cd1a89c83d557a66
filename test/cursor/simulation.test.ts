/**
 * Property-style test: many polls over 3 tenants with late indexing, updates (also mid-poll),
 * bursts of equal timestamps, small pages, duplicated responses, failing pages, and crashes that
 * throw the poll's result away (replay from the older state). After a quiet drain, every alert's
 * final version must have been emitted, and nothing twice.
 */
import { applyPoll, planPoll, type CursorOptions } from '../../nodes/shared/alerts/cursor';
import { firstPage, nextPage } from '../../nodes/shared/alerts/cursorPaging';
import {
	readCursorState,
	setTenantCursor,
	getTenantCursor,
	storedCursorState,
} from '../../nodes/shared/alerts/cursorState';
import type { DefenderAlert } from '../../nodes/shared/alerts/types';
import { MIN, T0 } from './helpers';
import { prng, World } from './world';

interface Delivered {
	event: string;
	alert: DefenderAlert;
	changedFields?: string[] | null;
}

interface Scenario {
	seed: number;
	polls: number;
	maxLagMs: number;
	options: Partial<CursorOptions>;
	faults: boolean;
}

const significant = (a: DefenderAlert) => JSON.stringify([a.status, a.assignedTo ?? null]);

function simulate(s: Scenario): { violations: string[]; maxRecords: number } {
	const rand = prng(s.seed);
	const tenants = ['t1', 't2', 't3'];
	const worlds = new Map(tenants.map((t) => [t, new World(rand, s.maxLagMs)]));
	const delivered = new Map<string, Delivered[]>();
	let stored: unknown = undefined; // what n8n has persisted (JSON)
	let maxRecords = 0;
	let now = T0;

	let changing = true;
	const pollTenant = (tenant: string, faulty: boolean): void => {
		const world = worlds.get(tenant) as World;
		const state = readCursorState(stored === undefined ? undefined : JSON.parse(stored as string));
		const plan = planPoll(getTenantCursor(state, tenant), now, s.options);
		const rows: DefenderAlert[] = [];
		let result = applyPoll(plan, rows, s.options);
		let wall = now;
		if (plan.fetch) {
			let request: ReturnType<typeof firstPage> | null = firstPage(plan, 7);
			while (request) {
				if (faulty && rand() < 0.03) return; // a page failed: the tenant's poll fails
				const page = world.query(wall, request.from, request.to, request.skip, request.top);
				rows.push(...page);
				if (faulty && rand() < 0.05) rows.push(...page); // duplicated response
				wall += 5;
				if (changing && rand() < 0.2) world.update(wall); // changes while we page
				const step = nextPage(request, page);
				request = step.next;
				// As the node does: with a cap, stop paging once the pages read fill it.
				result = applyPoll(plan, rows, s.options, step.reach);
				if (result.capped) break;
			}
		}
		if (faulty && rand() < 0.05) return; // crash: events never delivered, state not saved
		for (const e of result.events) {
			const key = `${tenant}/${e.alert.id}`;
			delivered.set(key, [...(delivered.get(key) ?? []), { ...e }]);
		}
		stored = JSON.stringify(storedCursorState(setTenantCursor(state, tenant, result.next)));
		maxRecords = Math.max(maxRecords, Object.keys(result.next.seen).length);
	};

	// Activation: every tenant's first poll happens before any alert exists.
	for (const tenant of tenants) pollTenant(tenant, false);
	now += MIN;
	for (let i = 0; i < s.polls; i++) {
		for (const tenant of tenants) {
			const world = worlds.get(tenant) as World;
			const r = rand();
			// Changes since the previous poll (≥ 50 s ago), some stamped before it ran.
			const at = () => now - Math.floor(rand() * 50_000);
			if (r < 0.1) world.create(at(), 2 + Math.floor(rand() * 12), true);
			else if (r < 0.6) world.create(at(), 1 + Math.floor(rand() * 3), false);
			for (let u = Math.floor(rand() * 4); u > 0; u--) world.update(at());
			pollTenant(tenant, s.faults);
		}
		now += MIN - 5_000 + Math.floor(rand() * 10_000);
	}
	// Quiet drain: no new changes, no faults, until indexing lag and any cap have caught up.
	changing = false;
	for (let i = 0; i < 40; i++) {
		for (const tenant of tenants) pollTenant(tenant, false);
		now += MIN;
	}

	const violations: string[] = [];
	for (const tenant of tenants) {
		const world = worlds.get(tenant) as World;
		for (const id of world.versions.keys()) {
			const got = delivered.get(`${tenant}/${id}`) ?? [];
			const final = world.finalVersion(id);
			if (got.length === 0) {
				violations.push(`${tenant}/${id}: never emitted`);
				continue;
			}
			if (got[0].event !== 'created' || got.slice(1).some((d) => d.event !== 'updated')) {
				violations.push(`${tenant}/${id}: events ${got.map((d) => d.event).join(',')}`);
			}
			for (let k = 1; k < got.length; k++) {
				const a = Date.parse(got[k - 1].alert.lastUpdateTime as string);
				if (got[k - 1].alert.lastUpdateTime === got[k].alert.lastUpdateTime) {
					violations.push(`${tenant}/${id}: version emitted twice`);
				} else if (Date.parse(got[k].alert.lastUpdateTime as string) < a) {
					violations.push(`${tenant}/${id}: went back in time`);
				}
			}
			const last = got[got.length - 1].alert;
			if (s.options.updateMode === 'statusClassificationAssignment') {
				if (significant(last) !== significant(final))
					violations.push(`${tenant}/${id}: lost a change`);
				for (let k = 1; k < got.length; k++) {
					// changedFields null: the alert was forgotten (memory), so it is emitted anyway.
					const known = got[k].changedFields !== null;
					if (known && significant(got[k].alert) === significant(got[k - 1].alert)) {
						violations.push(`${tenant}/${id}: emitted an insignificant update`);
					}
				}
			} else if (last.lastUpdateTime !== final.lastUpdateTime) {
				violations.push(`${tenant}/${id}: final version ${final.lastUpdateTime} not emitted`);
			}
		}
	}
	return { violations, maxRecords };
}

const base = { polls: 150, maxLagMs: 3 * MIN, faults: true };

describe('exactly-once over many polls (seeded)', () => {
	it.each([1, 2])('all events, any change (seed %i)', (seed) => {
		const r = simulate({ ...base, seed, options: { overlapMs: 4 * MIN, memoryMs: 20 * MIN } });
		expect(r.violations).toEqual([]);
		expect(r.maxRecords).toBeLessThan(1500);
	});

	it('with a per-poll cap of 5 and bursts larger than the cap', () => {
		const options = { overlapMs: 4 * MIN, memoryMs: 20 * MIN, maxEventsPerPoll: 5 };
		expect(simulate({ ...base, seed: 11, options }).violations).toEqual([]);
	});

	it('"status/classification/assignment" mode: no significant change lost, no other emitted', () => {
		const options = {
			overlapMs: 4 * MIN,
			memoryMs: 120 * MIN,
			updateMode: 'statusClassificationAssignment' as const,
		};
		expect(simulate({ ...base, seed: 21, options }).violations).toEqual([]);
	});

	it('detects losses when indexing lag exceeds the overlap (the checker can fail)', () => {
		const r = simulate({
			...base,
			seed: 31,
			maxLagMs: 6 * MIN,
			options: { overlapMs: 30_000, memoryMs: 20 * MIN },
		});
		expect(r.violations.some((v) => v.includes('not emitted') || v.includes('never'))).toBe(true);
	});
});
