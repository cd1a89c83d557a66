/**
 * Scenario 1 of `npm run bench`: one tenant's alerts with evidence, read three ways in the same
 * n8n and against the same sandbox — Fetch Alerts, an HTTP Request node workflow (the generic
 * way), and a raw Node client outside n8n (the floor) — after the sandbox alone serving the same
 * pages, in every run. The three clients take turns in a rotating order, so that drift in the
 * machine's load falls on each of them alike; medians are reported.
 */
import { type BenchWorld, counted, ownCpuSeconds, rssMb, runWebhook } from './benchHost';
import { fixed, median, PAGE, rawClient, rawFetchAll, sandboxServeAll } from '../support';

export interface FetchFigures {
	alerts: number;
	runs: number;
	/** Median seconds of each path (NaN when the path failed). */
	sandboxS: number;
	oursS: number;
	httpS: number;
	rawS: number;
	/** Median CPU seconds: of the n8n process (ours, HTTP node), of the bench runner (raw). */
	oursCpuS: number;
	httpCpuS: number;
	rawCpuS: number;
	oursRssMb: number;
	httpRssMb: number;
	/** RSS of each n8n before its first run. */
	idleRssMb: number;
	httpIdleRssMb: number;
	oursCalls: number;
	httpCalls: number;
	rawCalls: number;
	bytes: number;
	/** Why the HTTP Request workflow failed, if it did (it is then left out of later runs). */
	httpError?: string;
}

const note = (line: string) => process.stderr.write(`[bench] ${line}\n`);

/** The sandbox's (Microsoft's) alert quota per tenant: 100 calls in any 60 s. */
const QUOTA = { calls: 100, windowMs: 60_000 };

/**
 * Keeps the paths' calls to the one tenant inside its quota: on a quiet machine a round of the
 * four paths (about 46 calls) takes under 30 s, and a 429 would fail the raw paths and slow
 * ours. Each run's calls are counted at its end (they were made before, so the count expires no
 * sooner than the quota's), and a run waits, untimed, until its calls fit.
 */
function quotaPacer() {
	const done: Array<{ at: number; calls: number }> = [];
	return async <T>(calls: number, run: () => Promise<T>): Promise<T> => {
		for (;;) {
			const now = Date.now();
			while (done.length > 0 && done[0].at <= now - QUOTA.windowMs) done.shift();
			const used = done.reduce((n, d) => n + d.calls, 0);
			if (used + calls <= QUOTA.calls) break;
			await new Promise((resolve) => setTimeout(resolve, done[0].at + QUOTA.windowMs - now + 50));
		}
		try {
			return await run();
		} finally {
			done.push({ at: Date.now(), calls });
		}
	};
}

function expectCount(what: string, got: number, expected: number): void {
	if (got !== expected) throw new Error(`${what} returned ${got} alerts, expected ${expected}`);
}

export async function fetchScenario(
	w: BenchWorld,
	alerts: number,
	runs: number,
): Promise<FetchFigures> {
	const tenantId = w.bigTenant;
	const paced = quotaPacer();
	// Every page, the short last one, and Fetch Alerts' request that fixes the listing's end.
	const callsPerRun = Math.ceil((alerts + 1) / PAGE) + 1;
	const t = {
		sandbox: [] as number[],
		ours: [] as number[],
		http: [] as number[],
		raw: [] as number[],
	};
	const rss = { ours: [] as number[], http: [] as number[] };
	const cpu = { ours: [] as number[], http: [] as number[], raw: [] as number[] };
	const f: FetchFigures = {
		alerts,
		runs,
		sandboxS: NaN,
		oursS: NaN,
		httpS: NaN,
		rawS: NaN,
		oursCpuS: NaN,
		httpCpuS: NaN,
		rawCpuS: NaN,
		oursRssMb: NaN,
		httpRssMb: NaN,
		idleRssMb: 0,
		httpIdleRssMb: 0,
		oursCalls: 0,
		httpCalls: 0,
		rawCalls: 0,
		bytes: 0,
	};

	/** One run of a fetch workflow in its own n8n; records its wall, CPU, peak RSS and calls. */
	const runInN8n = async (
		path: 'ours' | 'http',
		host: BenchWorld['host'],
		webhook: string,
		what: string,
	) => {
		const r = await counted(w, () => runWebhook(host, webhook));
		expectCount(what, r.value.count, alerts);
		t[path].push(r.value.seconds);
		cpu[path].push(r.value.cpuS);
		rss[path].push(r.value.peakRssMb);
		if (path === 'ours') f.oursCalls = r.calls;
		else f.httpCalls = r.calls;
		return r.value.seconds;
	};
	const ours = () =>
		paced(callsPerRun, () => runInN8n('ours', w.host, 'bench-ours', 'Fetch Alerts'));
	const http = async () => {
		if (f.httpError) return NaN;
		try {
			return await paced(callsPerRun, () =>
				runInN8n('http', w.httpHost, 'bench-http', 'HTTP Request workflow'),
			);
		} catch (error) {
			f.httpError = (error as Error).message.split('\n')[0];
			note(`  the HTTP Request workflow failed, left out from now on: ${(error as Error).message}`);
			return NaN;
		}
	};
	const raw = () => paced(callsPerRun, rawOnce);
	const rawOnce = async () => {
		const client = rawClient(w.ca);
		try {
			const r = await counted(w, async () => {
				const started = process.hrtime.bigint();
				const cpuBefore = ownCpuSeconds();
				const got = await rawFetchAll(w.info, client.http, { tenantId, evidence: true });
				const seconds = Number(process.hrtime.bigint() - started) / 1e9;
				return { count: got.length, seconds, cpuS: ownCpuSeconds() - cpuBefore };
			});
			const { seconds } = r.value;
			expectCount('raw client', r.value.count, alerts);
			t.raw.push(seconds);
			cpu.raw.push(r.value.cpuS);
			f.rawCalls = r.calls;
			return seconds;
		} finally {
			client.destroy();
		}
	};

	note(`fetch: warm-up (JIT, TLS, token caches), then ${runs} rotating runs of each path…`);
	const warm = rawClient(w.ca);
	await paced(1, () => rawFetchAll(w.info, warm.http, { tenantId, evidence: true, limit: 50 }));
	warm.destroy();
	await paced(1, () => sandboxServeAll(w.info, w.ca, { tenantId, evidence: true, alerts: 1 }));
	f.idleRssMb = rssMb(w.host.serverPid() as number);
	f.httpIdleRssMb = rssMb(w.httpHost.serverPid() as number);
	await ours();
	await http();
	for (const series of [t.ours, t.http, rss.ours, rss.http, cpu.ours, cpu.http]) series.length = 0;

	const paths: Array<[string, () => Promise<number>]> = [
		['ours', ours],
		['HTTP node', http],
		['raw', raw],
	];
	for (let r = 0; r < runs; r++) {
		const served = await paced(callsPerRun, async () => {
			const started = process.hrtime.bigint();
			const r = await sandboxServeAll(w.info, w.ca, { tenantId, evidence: true, alerts });
			return { bytes: r.bytes, seconds: Number(process.hrtime.bigint() - started) / 1e9 };
		});
		f.bytes = served.bytes;
		t.sandbox.push(served.seconds);
		const took: string[] = [`sandbox ${fixed(t.sandbox[r])} s`];
		for (let k = 0; k < paths.length; k++) {
			const [name, run] = paths[(r + k) % paths.length];
			took.push(`${name} ${fixed(await run())} s`);
		}
		note(`  run ${r + 1}: ${took.join(', ')}`);
	}
	f.sandboxS = median(t.sandbox);
	f.oursS = median(t.ours);
	f.rawS = median(t.raw);
	f.oursRssMb = median(rss.ours);
	f.oursCpuS = median(cpu.ours);
	f.rawCpuS = median(cpu.raw);
	if (!f.httpError) {
		f.httpS = median(t.http);
		f.httpRssMb = median(rss.http);
		f.httpCpuS = median(cpu.http);
	}
	return f;
}

export function printFetch(f: FetchFigures, log: (line: string) => void): string {
	const cell = (v: number | undefined, width: number, digits = 2) =>
		(v === undefined || !Number.isFinite(v) ? '' : fixed(v, digits)).padStart(width);
	const row = (path: string, s: number, cpuS?: number, rssMb?: number, calls?: number) =>
		`  ${path.padEnd(41)}${cell(s, 7)}${cell(f.alerts / s, 9, 0)}${cell(s / f.rawS, 7)}x` +
		`${cell(cpuS, 7)}${cell(rssMb, 8, 0)}${String(calls ?? '').padStart(6)}`;
	log(
		`Fetch: ${f.alerts} alerts with evidence, one tenant, pages of ${PAGE} ` +
			`(${fixed(f.bytes / 1e6, 0)} MB of JSON); median of ${f.runs} rotating runs`,
	);
	log(`  path                                      wall s  alerts/s  vs raw  CPU s* RSS MB* calls`);
	const pages = Math.ceil((f.alerts + 1) / PAGE);
	log(row('the sandbox serving the pages (no parsing)', f.sandboxS, undefined, undefined, pages));
	log(row('raw Node client (axios, outside n8n)', f.rawS, f.rawCpuS, undefined, f.rawCalls));
	log(row('Fetch Alerts in n8n', f.oursS, f.oursCpuS, f.oursRssMb, f.oursCalls));
	log(row('HTTP Request node workflow in n8n', f.httpS, f.httpCpuS, f.httpRssMb, f.httpCalls));
	if (f.httpError) log(`  HTTP Request workflow failed: ${f.httpError}`);
	log(
		`  * CPU seconds of the client's process (n8n's, or the bench runner's for raw) during the run: ` +
			`steadier than wall time on a shared machine. Peak RSS of the n8n running the workflow (one ` +
			`process per path, sampled every 50 ms; idle before: ${fixed(f.idleRssMb, 0)} and ` +
			`${fixed(f.httpIdleRssMb, 0)} MB). Calls exclude the token request.`,
	);
	return (
		`bench: fetch alerts=${f.alerts} ours_s=${fixed(f.oursS)} ` +
		`http_node_s=${f.httpError ? 'failed' : fixed(f.httpS)} raw_s=${fixed(f.rawS)} ` +
		`sandbox_s=${fixed(f.sandboxS)} ratio_raw=${fixed(f.oursS / f.rawS)} ` +
		`ratio_http_node=${fixed(f.oursS / f.httpS)} ours_cpu_s=${fixed(f.oursCpuS)} ` +
		`http_node_cpu_s=${fixed(f.httpCpuS)} raw_cpu_s=${fixed(f.rawCpuS)} ` +
		`cpu_ratio_raw=${fixed(f.oursCpuS / f.rawCpuS)} cpu_ratio_http_node=${fixed(f.oursCpuS / f.httpCpuS)} ` +
		`peak_rss_mb=${fixed(f.oursRssMb, 0)} http_node_peak_rss_mb=${fixed(f.httpRssMb, 0)} ` +
		`idle_rss_mb=${fixed(f.idleRssMb, 0)} calls=${f.oursCalls} http_node_calls=${f.httpCalls} ` +
		`raw_calls=${f.rawCalls}`
	);
}
