/**
 * The Tenant Concurrency study of `npm run bench`: the 200-tenant fan-out again at 5, 10 and 20
 * tenants at a time, with every alert call answered after a standing latency (the sandbox's
 * `setLatency`; 250 ms by default, a Defender API answer as seen from outside Microsoft's network,
 * not a figure Microsoft publishes). On loopback the fan-out is CPU-bound and concurrency hardly
 * matters; over a real link each call waits, and concurrency is what hides the wait. The floor is
 * the latency alone: ⌈tenants / concurrency⌉ waits one after another.
 */
import { type BenchWorld, counted, runWebhook } from './benchHost';
import type { FanoutBench } from './workflows';
import { fixed, median } from '../support';

export interface LatencyFigures {
	concurrency: number;
	tenants: number;
	latencyMs: number;
	runs: number;
	oursS: number;
	floorS: number;
	calls: number;
	throttled: number;
}

const note = (line: string) => process.stderr.write(`[bench] ${line}\n`);

export async function fanoutLatencyScenario(
	w: BenchWorld,
	bench: FanoutBench,
	tenants: number,
	latencyMs: number,
	runs: number,
): Promise<LatencyFigures> {
	note(`fan-out with ${latencyMs} ms per answer, concurrency ${bench.concurrency}: ${runs} runs…`);
	await w.control.setLatency({ latencyMs, pathPrefix: '/api/alerts' });
	try {
		const seconds: number[] = [];
		let calls = 0;
		let throttled = 0;
		for (let r = 0; r < runs; r++) {
			const o = await counted(w, () => runWebhook(w.host, bench.path));
			seconds.push(o.value.seconds);
			calls = o.calls;
			throttled += o.throttled;
		}
		return {
			concurrency: bench.concurrency,
			tenants,
			latencyMs,
			runs,
			oursS: median(seconds),
			floorS: (Math.ceil(tenants / bench.concurrency) * latencyMs) / 1000,
			calls,
			throttled,
		};
	} finally {
		await w.control.setLatency(null);
	}
}

export function printFanoutLatency(f: LatencyFigures, log: (line: string) => void): string {
	log(
		`Fan-out with ${f.latencyMs} ms per alert answer: ${f.tenants} tenants, Tenant Concurrency ${f.concurrency}, median of ${f.runs} runs: ` +
			`${fixed(f.oursS)} s (latency floor ${fixed(f.floorS)} s, ${fixed(f.oursS / f.floorS)}x), ` +
			`${f.calls} calls a run, ${f.throttled} 429s`,
	);
	return (
		`bench: fanout_latency tenants=${f.tenants} concurrency=${f.concurrency} latency_ms=${f.latencyMs} ` +
		`ours_s=${fixed(f.oursS)} floor_s=${fixed(f.floorS)} ratio_floor=${fixed(f.oursS / f.floorS)} ` +
		`calls=${f.calls} throttled=${f.throttled}`
	);
}
