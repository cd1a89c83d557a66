/**
 * Scenario 4 of `npm run bench`: n8n's queue mode (a main, two workers, Postgres, Redis) at MSSP
 * scale, 1,000 tenants on one credential.
 *  - the Alert Trigger over all of them (scenario 3's measurement, run on the main of a queue
 *    instance: only the leader main polls, its executions run on the workers), and the size of the
 *    trigger's static data as Postgres stores it;
 *  - how many SIEM delivery executions a minute the two workers absorb (webhook calls of 10 alerts
 *    each, answered at once by the main, each an execution on the queue);
 *  - Get Many across the 1,000 tenants in one execution (on one worker) against the minimum (a raw
 *    client making the needed calls 10 tenants at a time), and the same tenants in batches, one
 *    webhook call (= one queued execution) each, which the two workers share;
 *  - resident memory of the main, each worker, Postgres and Redis (peaks, sampled every second).
 */
import { generateAlerts } from '../../sandbox/defender/generator';
import { callWebhook } from '../../e2e/executions';
import { cpuSeconds, counted, rssMb } from './benchHost';
import { fixed, median, rawClient, rawFetchAll, rawToken } from '../support';
import { ABSORB_PATH, BATCH_FANOUT_PATH, WHOLE_FANOUT_PATH } from './queueBenchWorkflows';
import type { QueueWorld } from './queueWorld';
import { triggerScenario, type TriggerFigures } from './triggerScenario';
import { FANOUT_CONCURRENCY, MANY_TENANTS_TRIGGER } from './workflows';

export interface QueueFigures {
	tenants: number;
	alertsPerTenant: number;
	trigger: TriggerFigures;
	/** The trigger's static data in Postgres: as text, and as stored (pg_column_size, compressed). */
	staticTextBytes: number;
	staticStoredBytes: number;
	absorb: { executions: number; seconds: number; perMinute: number; byWorker: number[] };
	fanout: {
		runs: number;
		wholeS: number;
		batches: number;
		batchS: number;
		rawS: number;
		wholeWorkerCpuS: number;
		batchWorkerCpuS: number;
		calls: number;
		throttled: number;
		/** Token calls in the measured runs (each worker keeps its own token cache). */
		tokens: number;
	};
	peakMb: { main: number; workers: number[]; postgres: number; redis: number };
}

const note = (line: string) => process.stderr.write(`[bench] ${line}\n`);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * POSTs to a webhook. A socket the main closed while it sat idle in the client's pool fails
 * before the request is sent (undici "other side closed"): that one is sent again, once.
 */
async function post(w: QueueWorld, path: string, body: unknown): Promise<Record<string, unknown>> {
	const send = () =>
		callWebhook(`${w.host.baseUrl}/webhook/${path}`, {
			method: 'POST',
			headers: { 'Content-Type': 'application/json' },
			body: JSON.stringify(body),
			signal: AbortSignal.timeout(900_000),
		});
	const res = await send().catch((error: Error & { cause?: { code?: string } }) => {
		if (error.cause?.code !== 'UND_ERR_SOCKET') throw error;
		return send();
	});
	const text = await res.text();
	if (!res.ok) throw new Error(`webhook ${path} answered ${res.status}: ${text.slice(0, 300)}`);
	return text ? (JSON.parse(text) as Record<string, unknown>) : {};
}

const workerCpu = (w: QueueWorld) =>
	w.pids().workers.reduce((s: number, pid) => s + (pid ? cpuSeconds(pid) : 0), 0);

async function absorb(w: QueueWorld, executions: number) {
	const perCall = 10;
	const bodies = Array.from({ length: executions }, (_, i) => ({
		alerts: generateAlerts({
			seed: 9000 + i,
			count: perCall,
			tenantId: w.triggerTenants[i % w.triggerTenants.length],
			startTime: Date.now() - 60_000,
			endTime: Date.now(),
		}),
	}));
	const before = [0, 1].map((i) => w.host.workers?.executionsRun(i).length ?? 0);
	w.hec.clear();
	note(`queue: ${executions} SIEM delivery executions of ${perCall} alerts, 20 calls at a time…`);
	const started = Date.now();
	let next = 0;
	const lane = async () => {
		for (let i = next++; i < bodies.length; i = next++) await post(w, ABSORB_PATH, bodies[i]);
	};
	await Promise.all(Array.from({ length: 20 }, lane));
	const expected = executions * perCall;
	const deadline = Date.now() + 600_000;
	const received = () => new Set(w.hec.events().map((e) => String(e.fields?.alert_id))).size;
	while (received() < expected) {
		if (Date.now() > deadline)
			throw new Error(`the collector got ${received()} of ${expected} alerts`);
		await sleep(200);
	}
	const seconds = (Date.now() - started) / 1000;
	const byWorker = [0, 1].map((i) => (w.host.workers?.executionsRun(i).length ?? 0) - before[i]);
	return { executions, seconds, perMinute: (executions / seconds) * 60, byWorker };
}

async function fanout(w: QueueWorld, runs: number, batches: number, alertsPerTenant: number) {
	const tenants = w.triggerTenants;
	const expected = tenants.length * alertsPerTenant;
	const client = rawClient(w.ca);
	try {
		note(`queue: raw tokens for ${tenants.length} tenants (the minimum's client holds them)…`);
		const tokens = new Map<string, string>();
		for (const id of tenants) tokens.set(id, await rawToken(w.info, client.http, id));
		const raw = async () => {
			let next = 0;
			const lane = async () => {
				for (let i = next++; i < tenants.length; i = next++) {
					await rawFetchAll(w.info, client.http, {
						tenantId: tenants[i],
						evidence: false,
						token: tokens.get(tenants[i]),
					});
				}
			};
			const started = Date.now();
			await Promise.all(Array.from({ length: FANOUT_CONCURRENCY }, lane));
			return (Date.now() - started) / 1000;
		};
		const size = Math.ceil(tenants.length / batches);
		const parts = Array.from({ length: batches }, (_, b) =>
			tenants.slice(b * size, (b + 1) * size),
		);
		const whole = async () => {
			const r = await post(w, WHOLE_FANOUT_PATH, {});
			if (Number(r.count_id) !== expected)
				throw new Error(`the fan-out returned ${String(r.count_id)} alerts, expected ${expected}`);
		};
		const split = async () => {
			const got = await Promise.all(parts.map((p) => post(w, BATCH_FANOUT_PATH, { tenants: p })));
			const total = got.reduce((s, r) => s + Number(r.count_id), 0);
			if (total !== expected)
				throw new Error(`the batched fan-out returned ${total} alerts, expected ${expected}`);
		};
		note('queue: fan-out warm-up (each worker fetches its own tokens)…');
		await whole();
		await split();
		await split();
		const t = { whole: [] as number[], split: [] as number[], raw: [] as number[] };
		const cpu = { whole: [] as number[], split: [] as number[] };
		let calls = 0;
		let throttled = 0;
		let tokenCalls = 0;
		for (let r = 0; r < runs; r++) {
			for (const [kind, work] of [
				['whole', whole],
				['split', split],
			] as const) {
				const cpuBefore = workerCpu(w);
				const started = Date.now();
				const c = await counted(w, work);
				t[kind].push((Date.now() - started) / 1000);
				cpu[kind].push(workerCpu(w) - cpuBefore);
				calls = c.calls;
				throttled += c.throttled;
				tokenCalls += c.tokens;
			}
			t.raw.push(await raw());
			note(
				`  run ${r + 1}: one execution ${fixed(t.whole[r])} s, ${batches} batches ${fixed(t.split[r])} s, raw ${fixed(t.raw[r])} s`,
			);
		}
		return {
			runs,
			wholeS: median(t.whole),
			batches,
			batchS: median(t.split),
			rawS: median(t.raw),
			wholeWorkerCpuS: median(cpu.whole),
			batchWorkerCpuS: median(cpu.split),
			calls,
			throttled,
			tokens: tokenCalls,
		};
	} finally {
		client.destroy();
	}
}

export async function queueScenario(
	w: QueueWorld,
	options: { runs: number; newPerTenant: number; alertsPerTenant: number; absorb: number },
): Promise<QueueFigures> {
	const peak = { main: 0, workers: [0, 0], postgres: 0, redis: 0 };
	const sample = () => {
		const p = w.pids();
		if (p.main) peak.main = Math.max(peak.main, rssMb(p.main));
		p.workers.forEach((pid, i) => {
			if (pid) peak.workers[i] = Math.max(peak.workers[i], rssMb(pid));
		});
		const s = w.services.rssKb();
		peak.postgres = Math.max(peak.postgres, s.postgres / 1024);
		peak.redis = Math.max(peak.redis, s.redis / 1024);
	};
	const sampler = setInterval(sample, 1000);
	try {
		const trigger = await triggerScenario(
			w,
			MANY_TENANTS_TRIGGER,
			w.triggerTenants,
			options.newPerTenant,
		);
		const row = w.services
			.sql(
				`select octet_length("staticData"::text), pg_column_size("staticData") from workflow_entity where id = '${MANY_TENANTS_TRIGGER.id}'`,
			)
			.trim()
			.split('\t')
			.map(Number);
		const absorbed = await absorb(w, options.absorb);
		// The trigger scenario added its new alerts to the seeded ones.
		const perTenant = options.alertsPerTenant + options.newPerTenant;
		const fan = await fanout(w, options.runs, 10, perTenant);
		sample();
		return {
			tenants: w.triggerTenants.length,
			alertsPerTenant: options.alertsPerTenant,
			trigger,
			staticTextBytes: row[0],
			staticStoredBytes: row[1],
			absorb: absorbed,
			fanout: fan,
			peakMb: peak,
		};
	} finally {
		clearInterval(sampler);
	}
}

export function printQueue(q: QueueFigures, log: (line: string) => void): string {
	const t = q.trigger;
	const f = q.fanout;
	const min = f.rawS;
	log(
		`Queue mode (a main, 2 workers, Postgres, Redis): ${q.tenants} tenants on one credential, ${q.alertsPerTenant} old alerts each`,
	);
	log(
		`  trigger poll (on the main): ${fixed(t.wallS)} s of a ${fixed(t.budgetS, 0)} s budget, ${t.calls} API calls, ${t.tokens} token calls, ${t.throttled} 429s; ` +
			`${t.emitted} of ${t.tenants * t.newPerTenant} emitted by that poll, ${t.distinct} distinct eventIds of ${t.emittedTotal} items`,
	);
	log(
		`  the trigger's static data in Postgres: ${q.staticTextBytes} B as text (${fixed(q.staticTextBytes / q.tenants, 0)} B per tenant), ${q.staticStoredBytes} B as stored`,
	);
	log(
		`  SIEM delivery executions absorbed: ${q.absorb.executions} in ${fixed(q.absorb.seconds, 1)} s = ${fixed(q.absorb.perMinute, 0)} a minute (worker 1: ${q.absorb.byWorker[0]}, worker 2: ${q.absorb.byWorker[1]})`,
	);
	log(
		`  fan-out over ${q.tenants} tenants, median of ${f.runs}: one execution ${fixed(f.wholeS)} s (${fixed(f.wholeS / min)}x the minimum, worker CPU ${fixed(f.wholeWorkerCpuS)} s); ` +
			`${f.batches} batches as ${f.batches} executions ${fixed(f.batchS)} s (${fixed(f.batchS / min)}x, worker CPU ${fixed(f.batchWorkerCpuS)} s; ${fixed(f.wholeS / f.batchS)}x faster); ` +
			`minimum (raw client, ${FANOUT_CONCURRENCY} tenants at a time) ${fixed(min)} s; ${f.calls} calls a run, ${f.throttled} 429s, ${f.tokens} token calls in the measured runs`,
	);
	log(
		`  peak memory: main ${fixed(q.peakMb.main, 0)} MB, workers ${q.peakMb.workers.map((m) => fixed(m, 0)).join(' MB, ')} MB, Postgres ${fixed(q.peakMb.postgres, 0)} MB, Redis ${fixed(q.peakMb.redis, 0)} MB`,
	);
	return (
		`bench: queue tenants=${q.tenants} poll_s=${fixed(t.wallS)} budget_s=${fixed(t.budgetS, 0)} emitted=${t.emitted} distinct=${t.distinct} ` +
		`static_text_b=${q.staticTextBytes} static_stored_b=${q.staticStoredBytes} absorb_per_min=${fixed(q.absorb.perMinute, 0)} ` +
		`fanout_one_s=${fixed(f.wholeS)} fanout_batches_s=${fixed(f.batchS)} fanout_min_s=${fixed(min)} ` +
		`ratio_one=${fixed(f.wholeS / min)} ratio_batches=${fixed(f.batchS / min)} throttled=${f.throttled} ` +
		`main_mb=${fixed(q.peakMb.main, 0)} worker_mb=${q.peakMb.workers.map((m) => fixed(m, 0)).join('/')}`
	);
}
