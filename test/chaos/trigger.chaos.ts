/**
 * Chaos run of the Defender Alert Trigger: many polls through n8n-core's poll path against the
 * sandbox over 3 tenants while the sandbox creates and updates alerts (some indexed late inside
 * the overlap, some bursts on one timestamp) and faults hit requests at random (429, 500, 503,
 * resets, hangs → timeouts, malformed JSON, revoked tokens). Static data goes through n8n's life
 * cycle: kept in memory between polls, persisted when a poll emits, and sometimes thrown away
 * mid-poll (crash: the poll's items and in-memory state are lost, the persisted copy is reloaded).
 * One seed → one reproducible run (the sandbox clock is moved, never waited for).
 */
import type { IDataObject, INodeParameters } from 'n8n-workflow';

import type { FaultKind } from '../sandbox/faults';
import { appCredentials, configurePoll, FAST, makeAlerts, poll, resetTransport, startEnv, stopEnv } from '../trigger/support';
import { GroundTruth } from './truth';
import type { EmittedEvent, Verdict } from './truth';

export interface ChaosOptions {
	seed: number;
	polls: number;
	/** Progress lines (every `progressEvery` polls, default 250); default: none. */
	progressEvery?: number;
	progress?: (line: string) => void;
}

export interface ChaosResult extends Verdict {
	seed: number;
	polls: number;
	failedPolls: number;
	crashes: number;
	faults: number;
	line: string;
}

/** mulberry32: a tiny seeded PRNG, so a seed replays the same run. */
function rng(seed: number): () => number {
	let a = seed >>> 0;
	return () => {
		a = (a + 0x6d2b79f5) >>> 0;
		let t = a;
		t = Math.imul(t ^ (t >>> 15), t | 1);
		t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
		return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
	};
}

const FAULTS: FaultKind[] = ['429', '500', '503', 'reset', 'hang', 'malformed', 'revokedToken'];
const CHANGES: Array<(r: () => number) => IDataObject> = [
	(r) => ({ status: r() < 0.5 ? 'InProgress' : 'Resolved' }),
	(r) => ({ assignedTo: `analyst${Math.floor(r() * 5)}@mssp.example` }),
	() => ({ classification: 'TruePositive', determination: 'Malware' }),
	(r) => ({ comments: [{ comment: `note ${r()}`, createdBy: 'chaos', createdTime: null }] }),
	(r) => ({ severity: r() < 0.5 ? 'High' : 'Low' }),
];

export async function runTriggerChaos(options: ChaosOptions): Promise<ChaosResult> {
	const random = rng(options.seed);
	const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)];
	const int = (min: number, max: number) => min + Math.floor(random() * (max - min + 1));
	const env = await startEnv();
	try {
		const { sb } = env;
		resetTransport();
		// Hangs outlast the per-attempt timeout; throttling asks for no wait (the clock is ours).
		configurePoll(sb, { tuning: { ...FAST, retry: { ...FAST.retry, timeoutMs: 400 } } });
		const tenants = [sb.tenants.fabrikam, sb.tenants.northwind, sb.tenants.tailspin].map((t) => t.id);
		const credentials = appCredentials(sb, tenants.map((tenantId, i) => ({ tenantId, label: `T${i}` })));
		const params: INodeParameters = {
			authentication: 'defenderMsspAppApi',
			tenantScope: 'all',
			events: ['created', 'updated'],
			updateMode: 'any',
			output: 'raw',
			// A short memory makes pruning happen many times within the run.
			options: { overlapMinutes: 5, memoryHours: 1, tenantConcurrency: 3 },
		};
		const truth = new GroundTruth();
		const events: EmittedEvent[] = [];
		let persisted: IDataObject = {};
		let memory: IDataObject = {};
		let failedPolls = 0;
		let crashes = 0;
		let faults = 0;

		let pollMs = 0;
		const doPoll = async (index: number, chaos: boolean) => {
			const t0 = Date.now();
			const r = await poll(params, credentials, memory);
			pollMs += Date.now() - t0;
			if (chaos && random() < 0.03) {
				crashes++;
				memory = persisted; // crashed before n8n saved anything: items and memory are gone
				return;
			}
			if (r.error) failedPolls++;
			memory = r.staticData;
			if (r.result) {
				persisted = r.staticData; // n8n saves static data with the execution it starts
				for (const item of r.result[0]) {
					const j = item.json;
					events.push({ event: String(j.event), id: String(j.id), tenantId: String(j.tenantId), lastUpdateTime: j.lastUpdateTime, poll: index });
				}
			}
			if (chaos && random() < 0.02) memory = persisted; // restart between polls
		};

		await doPoll(0, false); // activation: every tenant's cursor starts now
		for (let i = 1; i <= options.polls; i++) {
			const now = sb.clock.now();
			for (const tenantId of tenants) {
				const r = random();
				if (r < 0.3) {
					const alerts = makeAlerts(tenantId, int(1, 3), now, { prefix: 'c', seed: int(1, 1e6) });
					await sb.control.insertAlerts(tenantId, alerts);
					for (const a of alerts) truth.record(tenantId, a.id, a.lastUpdateTime);
				} else if (r < 0.36) {
					const alerts = makeAlerts(tenantId, int(5, 30), now, { prefix: 'c', sameTime: true, seed: int(1, 1e6) });
					await sb.control.insertAlerts(tenantId, alerts);
					for (const a of alerts) truth.record(tenantId, a.id, a.lastUpdateTime);
				} else if (r < 0.42) {
					// Indexed late: stamped now, visible up to 3 minutes later (overlap is 5).
					const alerts = makeAlerts(tenantId, int(1, 2), now, { prefix: 'c', seed: int(1, 1e6) });
					await sb.control.insertAlerts(tenantId, alerts, { visibleAt: now + int(10, 180) * 1000 });
					for (const a of alerts) truth.record(tenantId, a.id, a.lastUpdateTime);
				}
				const ids = truth.ids(tenantId);
				if (ids.length > 0 && random() < 0.35) {
					for (let k = int(1, 3); k > 0; k--) {
						const id = pick(ids);
						const updated = await sb.control.updateAlert(tenantId, id, pick(CHANGES)(random));
						truth.record(tenantId, id, updated.lastUpdateTime);
					}
				}
			}
			if (random() < 0.3) {
				faults++;
				const kind = pick(FAULTS);
				const onToken = kind === 'revokedToken' && random() < 0.3;
				await sb.control.addFault({
					kind,
					count: int(1, 4),
					tenantId: pick(tenants),
					pathPrefix: onToken ? '/oauth2' : '/api/alerts',
					...(kind === '429' ? { retryAfterSeconds: 0 } : {}),
					...(kind === 'hang' ? { hangMs: 800 } : {}),
				});
			}
			if (random() < 0.01) await sb.control.revokeTokens({ tenantId: pick(tenants) });
			await doPoll(i, true);
			sb.clock.advance(int(10, 30) * 1000);
			if (options.progress && i % (options.progressEvery ?? 250) === 0) {
				options.progress(`chaos: poll ${i}/${options.polls} alerts=${truth.size} events=${events.length} failed=${failedPolls} crashes=${crashes} poll_ms=${pollMs}`);
			}
		}
		// Drain: faults off, time moves past every late alert, until polls come back empty.
		await sb.control.clearFaults();
		for (let i = 0, empty = 0; i < 40 && empty < 3; i++) {
			sb.clock.advance(30_000);
			const before = events.length;
			await doPoll(options.polls + 1 + i, false);
			empty = events.length === before ? empty + 1 : 0;
		}
		const verdict = truth.judge(events);
		const line = `chaos: seed=${options.seed} polls=${options.polls} created=${verdict.created} updated=${verdict.updated} lost=${verdict.lost} duplicated=${verdict.duplicated} misattributed=${verdict.misattributed}`;
		return { ...verdict, seed: options.seed, polls: options.polls, failedPolls, crashes, faults, line };
	} finally {
		await stopEnv(env);
	}
}
