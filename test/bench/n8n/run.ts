/**
 * `npm run bench` — not a test: where this package stands, measured side by side in one run on a
 * real n8n (the e2e harness's cached host) against the sandbox tenant in a child process. Prints a
 * table per scenario and ends with one machine-readable line each:
 *   bench: fetch …    100,000 alerts with evidence from one tenant: Fetch Alerts vs an HTTP Request
 *                     node workflow vs a raw client, after the sandbox alone serving the pages;
 *   bench: fanout …   Get Many across 200 tenants × 500 alerts (Tenant Concurrency 5, 10, 20) and
 *                     1,000 × 50 (10) vs the quota-limited minimum and n8n's floor (a raw
 *                     client opening a connection per request, as n8n's request helper does);
 *   bench: fanout_latency …  the 200-tenant fan-out at 5, 10, 20 with every alert answer delayed
 *                     (--latency-ms, 250; 0 leaves it out) vs the latency floor;
 *   bench: trigger …  one line per tenant count: an activated trigger's poll over 200 tenants
 *                     (New + Updated) and over 1,000 (the node's default, New Alert only) with
 *                     10 new alerts each — wall time against the poll budget, calls, whether the
 *                     budget ran out and how many polls emitted everything, duplicates — and the
 *                     static data after 1,000 simulated polls, both Trigger On modes;
 *   bench: queue …    n8n's queue mode (a main, two workers, Postgres, Redis), 1,000 tenants: the
 *                     trigger's poll vs its budget, its static data in Postgres, SIEM delivery
 *                     executions a minute the workers absorb, Get Many over every tenant in one
 *                     execution and in 10 batch executions vs the minimum, memory of each process;
 *   bench: format …   (test/bench/formats.ts) each output format vs JSON.stringify.
 * Options: --runs N (5; at least 3), --alerts N (100,000), --tenants N (200), --wide-tenants N
 * (1,000 tenants × 50 alerts for the wide fan-out; 0 leaves it out), --trigger-tenants N
 * (1,000 tenants of their own, no alerts seeded; 0 leaves that line out), --skip-formats,
 * --queue-tenants N (1,000; 0 leaves the queue-mode scenario out), --queue-alerts N (50 per tenant),
 * --only queue|fanout (that scenario alone), --engine legacy|vm (N8N_EXPRESSION_ENGINE of the n8n under test; default: n8n's own, vm in 2.41),
 * --cpu-prof DIR (both n8n run with node --cpu-prof and write their profiles to DIR when they stop;
 * then `ts-node test/bench/n8n/profileSummary.ts DIR/<file>.cpuprofile` says where the time went).
 */
import { execFileSync } from 'node:child_process';
import { cpus } from 'node:os';
import { join } from 'node:path';

import { startBenchWorld } from './benchHost';
import { fanoutLatencyScenario, printFanoutLatency } from './fanoutLatency';
import { fanoutScenario, printFanout } from './fanoutScenario';
import { fetchScenario, printFetch } from './fetchScenario';
import { printQueue, queueScenario } from './queueScenario';
import { startQueueWorld } from './queueWorld';
import { printTrigger } from './triggerReport';
import { triggerScenario } from './triggerScenario';
import { fanoutBenches, FANOUT_TRIGGER, MANY_TENANTS_TRIGGER } from './workflows';
import type { FanoutBench } from './workflows';

function option(name: string): string | undefined {
	const i = process.argv.indexOf(`--${name}`);
	return i > 0 ? process.argv[i + 1] : undefined;
}
const number = (name: string, fallback: number) => Number(option(name) ?? fallback);

// Five by default: on a shared 2-core machine single runs vary by 2x; the median holds.
const RUNS = Math.max(3, number('runs', 5));
const ALERTS = number('alerts', 100_000);
const FANOUT_TENANTS = number('tenants', 200);
const FANOUT_ALERTS = 500;
const WIDE_TENANTS = number('wide-tenants', 1000);
const WIDE_ALERTS = 50;
const LATENCY_MS = number('latency-ms', 250);
const TRIGGER_TENANTS = number('trigger-tenants', 1000);
const TRIGGER_NEW = 10;
const QUEUE_TENANTS = number('queue-tenants', 1000);
const QUEUE_ALERTS = number('queue-alerts', 50);
// `--only queue` / `--only fanout`: that scenario alone.
const ONLY = option('only');
const QUEUE_ONLY = ONLY === 'queue';
const FANOUT_ONLY = ONLY === 'fanout';
const ENGINE = option('engine');
const CPU_PROFILE_DIR = option('cpu-prof');
const log = (line = '') => process.stdout.write(`${line}\n`);

/** formats.ts in its own process: a clean heap, and `npm run bench:formats` prints the same. */
function formats(): string[] {
	process.stderr.write('[bench] formats: test/bench/formats.ts…\n');
	const ts = [
		require.resolve('ts-node/dist/bin.js'),
		'--transpile-only',
		join(__dirname, '..', 'formats.ts'),
	];
	const out = execFileSync(process.execPath, ts, { encoding: 'utf8', maxBuffer: 16 * 1024 * 1024 });
	const lines = out.trim().split('\n');
	for (const line of lines.filter((l) => !l.startsWith('bench: '))) log(line);
	return lines.filter((l) => l.startsWith('bench: '));
}

async function main(): Promise<void> {
	if (ONLY !== undefined && !QUEUE_ONLY && !FANOUT_ONLY) {
		throw new Error(`--only must be queue or fanout, not ${ONLY}`);
	}
	if (ENGINE !== undefined && ENGINE !== 'legacy' && ENGINE !== 'vm') {
		throw new Error(`--engine must be legacy or vm, not ${ENGINE}`);
	}
	const started = Date.now();
	log(
		`bench ${new Date().toISOString()}: ${cpus().length} cores (${cpus()[0]?.model ?? 'unknown'}), runner Node ${process.version}`,
	);
	const summaries: string[] = [];
	if (!QUEUE_ONLY) await sqliteScenarios(summaries);
	if (QUEUE_TENANTS > 0 && !FANOUT_ONLY) await queueScenarios(summaries);
	if (CPU_PROFILE_DIR)
		log(`CPU profiles in ${CPU_PROFILE_DIR}: CPU.*.<pid>.*.cpuprofile, pids as printed above`);
	if (!ONLY && !process.argv.includes('--skip-formats')) summaries.push(...formats());
	log();
	log(`bench took ${Math.round((Date.now() - started) / 60_000)} min`);
	for (const s of summaries) log(s);
}

/** Scenarios 1–3: one n8n process each (SQLite), n8n's default mode. */
async function sqliteScenarios(summaries: string[]): Promise<void> {
	const w = await startBenchWorld({
		bigAlerts: FANOUT_ONLY ? 0 : ALERTS,
		fanoutTenants: FANOUT_TENANTS,
		fanoutAlerts: FANOUT_ALERTS,
		manyFanoutTenants: WIDE_TENANTS,
		manyFanoutAlerts: WIDE_ALERTS,
		triggerTenants: FANOUT_ONLY ? 0 : TRIGGER_TENANTS,
		expressionEngine: ENGINE as 'legacy' | 'vm' | undefined,
		cpuProfileDir: CPU_PROFILE_DIR,
	});
	try {
		log(
			`two n8n ${w.host.paths.n8nVersion} (one per fetch path) on Node ${w.host.paths.nodeVersion}, N8N_EXPRESSION_ENGINE=${ENGINE ?? "unset (n8n's default)"}`,
		);
		if (CPU_PROFILE_DIR)
			log(
				`n8n pids: Fetch Alerts ${w.host.serverPid()}, HTTP Request workflow ${w.httpHost.serverPid()}`,
			);
		log();
		if (!FANOUT_ONLY) {
			summaries.push(printFetch(await fetchScenario(w, ALERTS, RUNS), log));
			log();
		}
		const benches = fanoutBenches();
		const fanout = async (bench: FanoutBench, tenants: string[], alerts: number) => {
			const figures = await fanoutScenario(w, bench, tenants, alerts, RUNS);
			summaries.push(printFanout(figures, log));
			if (CPU_PROFILE_DIR)
				log(
					`  profile window of n8n ${w.host.serverPid()}: --from ${figures.windowUs[0]} --to ${figures.windowUs[1]}`,
				);
			log();
		};
		for (const bench of benches.fanout) await fanout(bench, w.fanoutTenants, FANOUT_ALERTS);
		if (LATENCY_MS > 0) {
			for (const bench of benches.fanout) {
				const n = w.fanoutTenants.length;
				summaries.push(
					printFanoutLatency(await fanoutLatencyScenario(w, bench, n, LATENCY_MS, RUNS), log),
				);
			}
			log();
		}
		if (w.manyFanoutTenants.length > 0)
			await fanout(benches.many, w.manyFanoutTenants, WIDE_ALERTS);
		if (FANOUT_ONLY) return;
		const trigger = await triggerScenario(w, FANOUT_TRIGGER, w.fanoutTenants, TRIGGER_NEW);
		summaries.push(printTrigger(trigger, log));
		log();
		if (w.triggerTenants.length > 0) {
			const many = await triggerScenario(w, MANY_TENANTS_TRIGGER, w.triggerTenants, TRIGGER_NEW);
			summaries.push(printTrigger(many, log));
			log();
		}
	} finally {
		await w.stop();
	}
}

/** Scenario 4: n8n's queue mode at MSSP scale. */
async function queueScenarios(summaries: string[]): Promise<void> {
	const q = await startQueueWorld(QUEUE_TENANTS, QUEUE_ALERTS);
	try {
		log(
			`queue mode: n8n ${q.host.paths.n8nVersion} main + 2 workers, Postgres and Redis from Debian's packages`,
		);
		const figures = await queueScenario(q, {
			runs: RUNS,
			newPerTenant: TRIGGER_NEW,
			alertsPerTenant: QUEUE_ALERTS,
			absorb: 300,
		});
		summaries.push(printQueue(figures, log));
		log();
	} finally {
		await q.stop();
	}
}

main().then(
	() => process.exit(0),
	(error: unknown) => {
		process.stderr.write(`bench failed: ${(error as Error).stack ?? String(error)}\n`);
		process.exit(1);
	},
);
