/**
 * What happens in the customer tenants between two ticks of a chaos run: alerts created (some in
 * bursts on one timestamp, some indexed late inside the overlap), alerts updated (significant and
 * other changes), request faults, revoked tokens and slow answers. Every alert version goes into
 * the ground truth. One seeded PRNG drives it all, so a seed replays the same run.
 */
import type { IDataObject } from 'n8n-workflow';

import type { DefenderAlert } from '../../nodes/shared/alerts/types';
import type { FaultKind } from '../sandbox/faults';
import type { Sandbox } from '../sandbox/server';
import { makeAlerts } from '../trigger/support';
import type { ChaosKnobs } from './scenarios';
import type { GroundTruth } from './truth';

/** mulberry32: a tiny seeded PRNG. */
export function rng(seed: number): () => number {
	let a = seed >>> 0;
	return () => {
		a = (a + 0x6d2b79f5) >>> 0;
		let t = a;
		t = Math.imul(t ^ (t >>> 15), t | 1);
		t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
		return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
	};
}

export interface Dice {
	random: () => number;
	int(min: number, max: number): number;
	pick<T>(list: readonly T[]): T;
	chance(p: number): boolean;
}

export function dice(seed: number): Dice {
	const random = rng(seed);
	return {
		random,
		int: (min, max) => min + Math.floor(random() * (max - min + 1)),
		pick: (list) => list[Math.floor(random() * list.length)],
		chance: (p) => p > 0 && random() < p,
	};
}

const FAULTS: FaultKind[] = ['429', '500', '503', 'reset', 'hang', 'malformed', 'revokedToken'];
const CHANGES: Array<(d: Dice) => IDataObject> = [
	(d) => ({ status: d.chance(0.5) ? 'InProgress' : 'Resolved' }),
	(d) => ({ assignedTo: `analyst${d.int(0, 4)}@mssp.example` }),
	() => ({ classification: 'TruePositive', determination: 'Malware' }),
	(d) => ({ comments: [{ comment: `note ${d.random()}`, createdBy: 'chaos', createdTime: null }] }),
	(d) => ({ severity: d.chance(0.5) ? 'High' : 'Low' }),
];

export interface StepCounts {
	faults: number;
	slow: number;
}

/** One step of tenant activity; faults are only added when `withFaults`. */
export async function tenantActivity(
	sb: Sandbox,
	d: Dice,
	truth: GroundTruth,
	tenants: readonly string[],
	knobs: ChaosKnobs,
	counts: StepCounts,
): Promise<void> {
	const now = sb.clock.now();
	for (const tenantId of tenants) {
		const r = d.random();
		const seed = d.int(1, 1e6);
		let inserted: DefenderAlert[] = [];
		if (r < 0.3) {
			inserted = makeAlerts(tenantId, d.int(1, 3), now, { prefix: 'c', seed });
			await sb.control.insertAlerts(tenantId, inserted);
		} else if (r < 0.36) {
			inserted = makeAlerts(tenantId, d.int(5, 30), now, { prefix: 'c', sameTime: true, seed });
			await sb.control.insertAlerts(tenantId, inserted);
		} else if (r < 0.42) {
			// Indexed late: stamped now, visible up to 3 minutes later (overlap is 5).
			inserted = makeAlerts(tenantId, d.int(1, 2), now, { prefix: 'c', seed });
			await sb.control.insertAlerts(tenantId, inserted, { visibleAt: now + d.int(10, 180) * 1000 });
		}
		for (const a of inserted) truth.record(tenantId, a);
		const ids = truth.ids(tenantId);
		if (ids.length > 0 && d.chance(0.35)) {
			for (let k = d.int(1, 3); k > 0; k--) {
				const updated = await sb.control.updateAlert(tenantId, d.pick(ids), d.pick(CHANGES)(d));
				truth.record(tenantId, updated);
			}
		}
	}
	if (d.chance(0.3)) {
		counts.faults++;
		const kind = d.pick(FAULTS);
		const onToken = kind === 'revokedToken' && d.chance(0.3);
		await sb.control.addFault({
			kind,
			count: d.int(1, 4),
			tenantId: d.pick(tenants),
			pathPrefix: onToken ? '/oauth2' : '/api/alerts',
			...(kind === '429' ? { retryAfterSeconds: 0 } : {}),
			...(kind === 'hang' ? { hangMs: hangMsFor(knobs) } : {}),
		});
	}
	if (d.chance(knobs.slowShare)) {
		counts.slow++;
		await sb.control.addFault({
			kind: 'latency',
			latencyMs: knobs.slowLatencyMs,
			count: d.int(2, 4),
			tenantId: d.pick(tenants),
		});
	}
	if (d.chance(0.01)) await sb.control.revokeTokens({ tenantId: d.pick(tenants) });
}

/** A per-attempt timeout above every slow answer, and hangs that outlast it. */
export function attemptTimeoutMsFor(knobs: ChaosKnobs): number {
	return Math.max(400, 2 * Math.max(knobs.latencyMs, knobs.slowLatencyMs));
}

export function hangMsFor(knobs: ChaosKnobs): number {
	return 2 * attemptTimeoutMsFor(knobs);
}
