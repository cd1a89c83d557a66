/**
 * Scenario 1 of `npm run bench`: one tenant's alerts with evidence, read three ways in the same
 * n8n and against the same sandbox — Fetch Alerts, an HTTP Request node workflow (the generic
 * way), and a raw Node client outside n8n (the floor) — after the sandbox alone serving the same
 * pages, in every run. The three clients take turns in a rotating order, so that drift in the
 * machine's load falls on each of them alike; medians are reported.
 */
import { type BenchWorld, counted, rssMb, runWebhook } from './benchHost';
import { fixed, median, PAGE, rawClient, rawFetchAll, sandboxServeAll } from '../support';

export interface FetchFigures {
	alerts: number;
	runs: number;
	/** Median seconds of each path (NaN when the path failed). */
	sandboxS: number;
	oursS: number;
	httpS: number;
	rawS: number;
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

function expectCount(what: string, got: number, expected: number): void {
	if (got !== expected) throw new Error(`${what} returned ${got} alerts, expected ${expected}`);
}

export async function fetchScenario(
	w: BenchWorld,
	alerts: number,
	runs: number,
): Promise<FetchFigures> {
	const tenantId = w.bigTenant;
	const t = {
		sandbox: [] as number[],
		ours: [] as number[],
		http: [] as number[],
		raw: [] as number[],
	};
	const rss = { ours: [] as number[], http: [] as number[] };
	const f: FetchFigures = {
		alerts,
		runs,
		sandboxS: NaN,
		oursS: NaN,
		httpS: NaN,
		rawS: NaN,
		oursRssMb: NaN,
		httpRssMb: NaN,
		idleRssMb: 0,
		httpIdleRssMb: 0,
		oursCalls: 0,
		httpCalls: 0,
		rawCalls: 0,
		bytes: 0,
	};

	const ours = async () => {
		const r = await counted(w, () => runWebhook(w.host, 'bench-ours'));
		expectCount('Fetch Alerts', r.value.count, alerts);
		t.ours.push(r.value.seconds);
		rss.ours.push(r.value.peakRssMb);
		f.oursCalls = r.calls;
		return r.value.seconds;
	};
	const http = async () => {
		if (f.httpError) return NaN;
		try {
			const r = await counted(w, () => runWebhook(w.httpHost, 'bench-http'));
			expectCount('HTTP Request workflow', r.value.count, alerts);
			t.http.push(r.value.seconds);
			rss.http.push(r.value.peakRssMb);
			f.httpCalls = r.calls;
			return r.value.seconds;
		} catch (error) {
			f.httpError = (error as Error).message.split('\n')[0];
			note(`  the HTTP Request workflow failed, left out from now on: ${(error as Error).message}`);
			return NaN;
		}
	};
	const raw = async () => {
		const client = rawClient(w.ca);
		try {
			const r = await counted(w, async () => {
				const started = process.hrtime.bigint();
				const got = await rawFetchAll(w.info, client.http, { tenantId, evidence: true });
				return { count: got.length, seconds: Number(process.hrtime.bigint() - started) / 1e9 };
			});
			const { seconds } = r.value;
			expectCount('raw client', r.value.count, alerts);
			t.raw.push(seconds);
			f.rawCalls = r.calls;
			return seconds;
		} finally {
			client.destroy();
		}
	};

	note(`fetch: warm-up (JIT, TLS, token caches), then ${runs} rotating runs of each path…`);
	const warm = rawClient(w.ca);
	await rawFetchAll(w.info, warm.http, { tenantId, evidence: true, limit: 50 }).finally(() =>
		warm.destroy(),
	);
	await sandboxServeAll(w.info, w.ca, { tenantId, evidence: true, alerts: 1 });
	f.idleRssMb = rssMb(w.host.serverPid() as number);
	f.httpIdleRssMb = rssMb(w.httpHost.serverPid() as number);
	await ours();
	await http();
	t.ours.length = 0;
	rss.ours.length = 0;
	t.http.length = 0;
	rss.http.length = 0;

	const paths: Array<[string, () => Promise<number>]> = [
		['ours', ours],
		['HTTP node', http],
		['raw', raw],
	];
	for (let r = 0; r < runs; r++) {
		const started = process.hrtime.bigint();
		f.bytes = (await sandboxServeAll(w.info, w.ca, { tenantId, evidence: true, alerts })).bytes;
		t.sandbox.push(Number(process.hrtime.bigint() - started) / 1e9);
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
	if (!f.httpError) {
		f.httpS = median(t.http);
		f.httpRssMb = median(rss.http);
	}
	return f;
}

export function printFetch(f: FetchFigures, log: (line: string) => void): string {
	const row = (path: string, s: number, rssMb?: number, calls?: number) =>
		`  ${path.padEnd(38)}${fixed(s).padStart(7)}${(Number.isFinite(s) ? String(Math.round(f.alerts / s)) : 'n/a').padStart(10)}` +
		`${(rssMb === undefined ? '' : fixed(rssMb, 0)).padStart(10)}${(calls === undefined ? '' : String(calls)).padStart(7)}` +
		`${Number.isFinite(s) && path !== 'sandbox' ? `${fixed(s / f.rawS).padStart(8)}x` : ''}`;
	log(
		`Fetch: ${f.alerts} alerts with evidence, one tenant, pages of ${PAGE} (${fixed(f.bytes / 1e6, 0)} MB of JSON); median of ${f.runs} rotating runs`,
	);
	log(`  path                                    wall s   alerts/s  RSS MB*  calls  vs raw`);
	log(
		row(
			'the sandbox serving the pages (no parse)',
			f.sandboxS,
			undefined,
			Math.ceil((f.alerts + 1) / PAGE),
		),
	);
	log(row('raw Node client (axios, outside n8n)', f.rawS, undefined, f.rawCalls));
	log(row('Fetch Alerts in n8n', f.oursS, f.oursRssMb, f.oursCalls));
	log(row('HTTP Request node workflow in n8n', f.httpS, f.httpRssMb, f.httpCalls));
	if (f.httpError) log(`  HTTP Request workflow failed: ${f.httpError}`);
	// Paging is sequential, so a path's time is the sandbox's time plus the client's own.
	const clientRatio = (f.oursS - f.sandboxS) / (f.rawS - f.sandboxS);
	log(
		`  without the sandbox's share (path − sandbox): Fetch Alerts ${fixed(clientRatio)}x the raw client's own time`,
	);
	log(
		`  * peak RSS of the n8n process running the workflow (one process per path), sampled every 50 ms; idle before: ` +
			`${fixed(f.idleRssMb, 0)} and ${fixed(f.httpIdleRssMb, 0)} MB. Calls exclude the token request`,
	);
	return (
		`bench: fetch alerts=${f.alerts} ours_s=${fixed(f.oursS)} http_node_s=${f.httpError ? 'failed' : fixed(f.httpS)} ` +
		`raw_s=${fixed(f.rawS)} sandbox_s=${fixed(f.sandboxS)} ratio_raw=${fixed(f.oursS / f.rawS)} ` +
		`ratio_http_node=${fixed(f.oursS / f.httpS)} ratio_raw_client=${fixed(clientRatio)} peak_rss_mb=${fixed(f.oursRssMb, 0)} ` +
		`http_node_peak_rss_mb=${fixed(f.httpRssMb, 0)} idle_rss_mb=${fixed(f.idleRssMb, 0)} http_node_idle_rss_mb=${fixed(f.httpIdleRssMb, 0)} calls=${f.oursCalls} ` +
		`http_node_calls=${f.httpCalls} raw_calls=${f.rawCalls}`
	);
}
