/**
 * Scenario 2 of `npm run bench`: Get Many across every tenant of one app credential (200 × 500
 * alerts at Tenant Concurrency 5, 10 and 20; 1,000 × 50 at 10) against the quota-limited minimum. Per tenant the API allows 100
 * calls a minute (and 1,500 an hour); one tenant needs ⌈(alerts + 1) / page⌉ calls, so the quota
 * alone costs ⌊(calls − 1) / 100⌋ minutes per tenant, and with 10 tenants in flight the rest is
 * latency: the minimum is measured by a raw client making exactly the needed calls, as many tenants
 * at a time as the node, with tokens it already holds (as Fetch Alerts holds them after its first run).
 */
import { type BenchWorld, counted, ownCpuSeconds, runWebhook } from './benchHost';
import type { FanoutBench } from './workflows';
import {
	fixed,
	median,
	PAGE,
	rawClient,
	rawClientPerConnection,
	rawFetchAll,
	rawToken,
} from '../support';

export interface FanoutFigures {
	concurrency: number;
	tenants: number;
	alerts: number;
	runs: number;
	oursS: number;
	rawS: number;
	/** The raw client again, with a new TLS connection per request (n8n's helper's floor). */
	freshS: number;
	/** Median CPU seconds of the n8n process (ours) and of the bench runner (raw, needed calls). */
	oursCpuS: number;
	rawCpuS: number;
	quotaS: number;
	minS: number;
	callsPerRun: number;
	neededCalls: number;
	warmupTokens: number;
	measuredTokens: number;
	throttled: number;
	/** CLOCK_MONOTONIC µs around the measured runs (profileSummary.ts --from/--to). */
	windowUs: [number, number];
}

const note = (line: string) => process.stderr.write(`[bench] ${line}\n`);

/** Per tenant: one call per page, the last one short (or empty). */
export function neededCalls(alertsPerTenant: number): number {
	return Math.ceil((alertsPerTenant + 1) / PAGE);
}

/** Seconds the per-tenant quota (100/min, 1,500/h, sliding windows) forces for `calls` calls. */
export function quotaSeconds(calls: number): number {
	return Math.max(Math.floor((calls - 1) / 100) * 60, Math.floor((calls - 1) / 1500) * 3600);
}

export async function fanoutScenario(
	w: BenchWorld,
	bench: FanoutBench,
	tenants: string[],
	alertsPerTenant: number,
	runs: number,
): Promise<FanoutFigures> {
	const expected = tenants.length * alertsPerTenant;
	const client = rawClient(w.ca);
	const fresh = rawClientPerConnection(w.ca);
	try {
		note(
			`fan-out: ${tenants.length} tenants × ${alertsPerTenant}, concurrency ${bench.concurrency}: warm-up (tokens), then ${runs} alternating runs…`,
		);
		const tokens = new Map<string, string>();
		for (const id of tenants) tokens.set(id, await rawToken(w.info, client.http, id));
		const raw = async (http = client.http) => {
			let next = 0;
			let total = 0;
			const lane = async () => {
				while (next < tenants.length) {
					const tenantId = tenants[next++];
					const got = await rawFetchAll(w.info, http, {
						tenantId,
						evidence: false,
						token: tokens.get(tenantId),
					});
					total += got.length;
				}
			};
			const started = process.hrtime.bigint();
			const cpuBefore = ownCpuSeconds();
			await Promise.all(Array.from({ length: bench.concurrency }, lane));
			if (http === client.http) cpu.raw.push(ownCpuSeconds() - cpuBefore);
			if (total !== expected)
				throw new Error(`the raw fan-out read ${total} alerts, expected ${expected}`);
			return Number(process.hrtime.bigint() - started) / 1e9;
		};
		const ours = () => counted(w, () => runWebhook(w.host, bench.path));
		const cpu = { ours: [] as number[], raw: [] as number[] };

		const warm = await ours();
		let throttled = warm.throttled;
		await raw();
		cpu.raw.length = 0;
		const t = { ours: [] as number[], raw: [] as number[], fresh: [] as number[] };
		let callsPerRun = 0;
		let measuredTokens = 0;
		const monotonicUs = () => Number(process.hrtime.bigint() / 1000n);
		const windowStart = monotonicUs();
		for (let r = 0; r < runs; r++) {
			const first = r % 2 === 0;
			if (!first) t.raw.push(await raw());
			if (!first) t.fresh.push(await raw(fresh.http));
			const o = await ours();
			if (o.value.count !== expected)
				throw new Error(
					`Fetch Alerts' fan-out returned ${o.value.count} alerts, expected ${expected}`,
				);
			t.ours.push(o.value.seconds);
			cpu.ours.push(o.value.cpuS);
			throttled += o.throttled;
			measuredTokens += o.tokens;
			callsPerRun = o.calls;
			if (first) t.raw.push(await raw());
			if (first) t.fresh.push(await raw(fresh.http));
			note(
				`  run ${r + 1}: Fetch Alerts ${fixed(t.ours[r])} s, raw ${fixed(t.raw[r])} s, raw with a connection per request ${fixed(t.fresh[r])} s, ${o.calls} calls, ${o.throttled} 429s`,
			);
		}
		const windowUs: [number, number] = [windowStart, monotonicUs()];
		const needed = neededCalls(alertsPerTenant);
		const quotaS = quotaSeconds(needed);
		const rawS = median(t.raw);
		return {
			concurrency: bench.concurrency,
			tenants: tenants.length,
			alerts: expected,
			runs,
			oursS: median(t.ours),
			rawS,
			freshS: median(t.fresh),
			oursCpuS: median(cpu.ours),
			rawCpuS: median(cpu.raw),
			quotaS,
			minS: Math.max(quotaS, rawS),
			callsPerRun,
			neededCalls: needed * tenants.length,
			warmupTokens: warm.tokens,
			measuredTokens,
			throttled,
			windowUs,
		};
	} finally {
		client.destroy();
		fresh.destroy();
	}
}

export function printFanout(f: FanoutFigures, log: (line: string) => void): string {
	log(
		`Fan-out: ${f.tenants} tenants × ${f.alerts / f.tenants} alerts, Tenant Concurrency ${f.concurrency}; median of ${f.runs} alternating runs`,
	);
	log(
		`  Fetch Alerts in n8n: ${fixed(f.oursS)} s, ${f.callsPerRun} alert calls a run (${f.neededCalls} needed), ` +
			`token calls: ${f.warmupTokens} in the warm-up run, ${f.measuredTokens} in the measured runs; 429s received: ${f.throttled}`,
	);
	log(
		`  minimum ${fixed(f.minS)} s = max(per-tenant quota ${fixed(f.quotaS)} s, raw client making the needed calls ${f.concurrency} tenants at a time ${fixed(f.rawS)} s)`,
	);
	log(`  ratio to the minimum: ${fixed(f.oursS / f.minS)}x`);
	log(
		`  n8n's floor: the raw client with a new TLS connection per request, as n8n's request helper makes every call, ${fixed(f.freshS)} s; ratio to it ${fixed(f.oursS / f.freshS)}x`,
	);
	log(
		`  CPU: n8n ${fixed(f.oursCpuS)} s a run, the raw client ${fixed(f.rawCpuS)} s ` +
			`(${fixed(f.oursCpuS / f.rawCpuS)}x; on 2 cores a CPU-bound path is slowed by everything else running)`,
	);
	return (
		`bench: fanout tenants=${f.tenants} concurrency=${f.concurrency} alerts=${f.alerts} ours_s=${fixed(f.oursS)} min_s=${fixed(f.minS)} ` +
		`quota_s=${fixed(f.quotaS)} raw_s=${fixed(f.rawS)} ` +
		`ratio_min=${fixed(f.oursS / f.minS)} fresh_conn_s=${fixed(f.freshS)} ratio_fresh=${fixed(f.oursS / f.freshS)} ours_cpu_s=${fixed(f.oursCpuS)} raw_cpu_s=${fixed(f.rawCpuS)} ` +
		`calls=${f.callsPerRun} ` +
		`needed_calls=${f.neededCalls} throttled=${f.throttled}`
	);
}
