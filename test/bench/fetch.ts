/**
 * `npm run bench:fetch` — not a test. Get Many of 100,000 alerts with evidence from one sandbox
 * tenant, through the Defender Fetch Alerts node run by n8n-core (test/harness), against the same
 * work done by a raw HTTP client paging the same endpoint (the lower bound). Prints alerts/s and
 * peak RSS of each, then one summary line:
 *   bench: fetch ours_s=… raw_s=… ratio_raw=… peak_rss_mb=… calls=…
 * The sandbox runs in a child process, so the RSS measured here is the client's alone.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { Agent } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import axios from 'axios';

import { DefenderMsspAppApi } from '../../credentials/DefenderMsspAppApi.credentials';
import { DefenderMsspOAuth2Api } from '../../credentials/DefenderMsspOAuth2Api.credentials';
import { runNode, trustCa } from '../harness';
import { SandboxControlClient } from '../sandbox/client';

// By full file name: ts-node resolves `X.node` to the codex file `X.node.json` before `X.node.ts`.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { DefenderFetchAlerts } = require(join(__dirname, '../../nodes/DefenderFetchAlerts/DefenderFetchAlerts.node.ts')) as
	typeof import('../../nodes/DefenderFetchAlerts/DefenderFetchAlerts.node');

const COUNT = Number(process.env.BENCH_ALERTS ?? 100_000);
const PAGE = 10_000;

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

interface SandboxInfo {
	origin: string;
	loginBaseUrl: string;
	apiBaseUrl: string;
	caPath: string;
	clientId: string;
	clientSecret: string;
	tenants: Record<string, { id: string }>;
}

async function startSandboxProcess(caDir: string) {
	const child = spawn(
		process.execPath,
		[require.resolve('ts-node/dist/bin.js'), '--transpile-only', join(__dirname, '../sandbox/cli.ts'), '--json', '--count', '0', '--ca-dir', caDir],
		{ stdio: ['ignore', 'pipe', 'inherit'] },
	);
	const line = await new Promise<string>((resolve, reject) => {
		const rl = createInterface({ input: child.stdout });
		rl.once('line', resolve);
		child.once('exit', (code) => reject(new Error(`sandbox exited with ${code}`)));
	});
	return { child, info: JSON.parse(line) as SandboxInfo };
}

/** Peak RSS while `work` runs, sampled every 10 ms. */
async function measure<T>(work: () => Promise<T>): Promise<{ value: T; seconds: number; peakRssMb: number }> {
	gc();
	let peak = process.memoryUsage.rss();
	const timer = setInterval(() => {
		peak = Math.max(peak, process.memoryUsage.rss());
	}, 10);
	const start = process.hrtime.bigint();
	try {
		const value = await work();
		const seconds = Number(process.hrtime.bigint() - start) / 1e9;
		peak = Math.max(peak, process.memoryUsage.rss());
		return { value, seconds, peakRssMb: peak / 1024 / 1024 };
	} finally {
		clearInterval(timer);
	}
}

async function main(): Promise<void> {
	const caDir = mkdtempSync(join(tmpdir(), 'bench-fetch-'));
	const { child, info } = await startSandboxProcess(caDir);
	try {
		const control = new SandboxControlClient(info.origin, info.caPath);
		const untrust = trustCa(control.caPem);
		const tenantId = info.tenants.fabrikam.id;
		process.stdout.write(`seeding ${COUNT} alerts…\n`);
		await control.seedAlerts(tenantId, { count: COUNT, seed: 1 });

		const credentials = {
			defenderMsspAppApi: {
				id: 'bench',
				data: {
					cloud: 'custom',
					loginBaseUrl: info.loginBaseUrl,
					apiBaseUrl: info.apiBaseUrl,
					clientId: info.clientId,
					clientSecret: info.clientSecret,
					tenants: { tenant: [{ tenantId, label: 'Fabrikam' }] },
				},
			},
		};
		const ours = (limit?: number) =>
			runNode({
				nodeType: new DefenderFetchAlerts(),
				credentialTypes: [new DefenderMsspAppApi(), new DefenderMsspOAuth2Api()],
				credentials,
				parameters: {
					authentication: 'defenderMsspAppApi',
					tenantScope: 'all',
					operation: 'getAll',
					returnAll: limit === undefined,
					...(limit === undefined ? {} : { limit }),
					output: 'raw',
					options: { includeEvidence: true },
				},
			}).then((r) => {
				if (!r.output) throw new Error(`node failed: ${r.error?.message}`);
				return r.output[0];
			});

		const raw = async (limit = Number.POSITIVE_INFINITY) => {
			// A fresh agent per run: a kept-alive socket idle through the other run may be closed.
			const http = axios.create({ httpsAgent: new Agent({ ca: control.caPem, keepAlive: true }) });
			const token = await http.post(
				`${info.loginBaseUrl}/${tenantId}/oauth2/v2.0/token`,
				new URLSearchParams({
					grant_type: 'client_credentials',
					client_id: info.clientId,
					client_secret: info.clientSecret,
					scope: 'https://api.securitycenter.microsoft.com/.default',
				}),
			);
			const headers = { Authorization: `Bearer ${token.data.access_token as string}` };
			const alerts: unknown[] = [];
			for (let skip = 0; alerts.length < limit; skip += PAGE) {
				const top = Math.min(PAGE, limit - alerts.length);
				const page = await http.get(`${info.apiBaseUrl}/api/alerts`, {
					headers,
					params: { $top: top, $skip: skip, $expand: 'evidence', $orderby: 'alertCreationTime asc,id asc' },
				});
				const value = page.data.value as unknown[];
				for (const a of value) alerts.push(a);
				if (value.length < top) break;
			}
			return alerts;
		};

		// Warm-up: JIT, TLS, token caches on both sides.
		await ours(50);
		await raw(50);

		const before = await control.counters();
		const o = await measure(() => ours());
		const after = await control.counters();
		const calls = (after.api[tenantId]?.alerts?.calls ?? 0) - (before.api[tenantId]?.alerts?.calls ?? 0);
		if (o.value.length !== COUNT) throw new Error(`ours returned ${o.value.length} alerts, expected ${COUNT}`);
		o.value.length = 0;
		process.stdout.write(`ours done in ${o.seconds.toFixed(2)} s; raw run next…\n`);
		const r = await measure(() => raw());
		if (r.value.length !== COUNT) throw new Error(`raw returned ${r.value.length} alerts, expected ${COUNT}`);

		const fmt = (n: number, d = 2) => n.toFixed(d);
		process.stdout.write(
			[
				`ours (node via n8n-core): ${fmt(o.seconds)} s, ${fmt(COUNT / o.seconds, 0)} alerts/s, peak RSS ${fmt(o.peakRssMb, 0)} MB, ${calls} API calls`,
				`raw (axios $top/$skip):   ${fmt(r.seconds)} s, ${fmt(COUNT / r.seconds, 0)} alerts/s, peak RSS ${fmt(r.peakRssMb, 0)} MB`,
				`bench: fetch ours_s=${fmt(o.seconds)} raw_s=${fmt(r.seconds)} ratio_raw=${fmt(o.seconds / r.seconds)} peak_rss_mb=${fmt(o.peakRssMb, 0)} calls=${calls}`,
				'',
			].join('\n'),
		);
		untrust();
	} finally {
		child.kill('SIGTERM');
		rmSync(caDir, { recursive: true, force: true });
	}
}

main().then(
	() => process.exit(0),
	(error: unknown) => {
		process.stderr.write(`bench: fetch failed: ${(error as Error).stack ?? String(error)}\n`);
		process.exit(1);
	},
);
