/**
 * The bench's world: the sandbox tenant in a child process (one tenant with 100,000 alerts with
 * evidence, 200 more with 500 each, 1,000 more with 50 each for the wide fan-out, and the
 * trigger's own 1,000 with none: the sandbox's extra
 * tenants, so the MSSP-scale trigger costs no seeding), and two real n8n (the e2e harness's
 * cached host) with this package installed from its npm-pack tarball: one with the credentials
 * and this package's workflows, one with the HTTP Request workflow alone.
 * Everything it starts, `stop()` stops.
 */
import type { ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { callWebhook } from '../../e2e/executions';
import { buildAndPack } from '../../e2e/packageUnderTest';
import { type N8nCredential, type N8nHost, type N8nWorkflow, startN8n } from '../../e2e/n8nHost';
import { tail } from '../../e2e/processes';
import { SandboxControlClient } from '../../sandbox/client';
import { type SandboxInfo, startSandboxProcess } from '../support';
import {
	FANOUT_CREDENTIAL,
	FANOUT_TRIGGER,
	fanoutBenches,
	fanoutWorkflow,
	httpNodeFetchWorkflow,
	MANY_FANOUT_CREDENTIAL,
	MANY_TENANTS_TRIGGER,
	ONE_TENANT_CREDENTIAL,
	oursFetchWorkflow,
	TRIGGER_CREDENTIAL,
	triggerWorkflow,
} from './workflows';

export interface BenchWorld {
	info: SandboxInfo;
	control: SandboxControlClient;
	ca: string;
	/** The tenant with the big alert set. */
	bigTenant: string;
	fanoutTenants: string[];
	/** The 1,000-tenant fan-out's tenants (a short first page each). */
	manyFanoutTenants: string[];
	/** The many-tenants trigger's tenants (no alerts seeded). */
	triggerTenants: string[];
	/** n8n running Fetch Alerts (one tenant and the fan-out) and the trigger. */
	host: N8nHost;
	/**
	 * A second n8n, same version and settings, running only the HTTP Request workflow: a
	 * long-lived process keeps its heap after a big run, so the peak RSS of one shared process
	 * would show whichever workflow ran first; with one process each, each peak is its own.
	 */
	httpHost: N8nHost;
	stop(): Promise<void>;
}

export interface WorldSize {
	bigAlerts: number;
	fanoutTenants: number;
	fanoutAlerts: number;
	/** Tenants of the second fan-out credential and their alerts each; 0 tenants leave it out. */
	manyFanoutTenants: number;
	manyFanoutAlerts: number;
	/** Tenants of the many-tenants trigger; 0 leaves it out. */
	triggerTenants: number;
	/** N8N_EXPRESSION_ENGINE of the n8n under test; n8n's default (vm in 2.41) when undefined. */
	expressionEngine?: 'legacy' | 'vm';
	/** Both n8n write a V8 CPU profile here when they stop (node --cpu-prof). */
	cpuProfileDir?: string;
}

const log = (line: string) => process.stderr.write(`[bench] ${line}\n`);

/** Starts an n8n with the package, the credentials and the workflows, and activates `active`. */
async function startHost(
	tarball: string,
	env: Record<string, string>,
	credentials: N8nCredential[],
	workflows: N8nWorkflow[],
	active: string[],
): Promise<N8nHost> {
	const host = await startN8n({ packageTarball: tarball, env });
	try {
		if (credentials.length > 0) await host.importCredentials(credentials);
		await host.importWorkflows(workflows);
		await host.start();
		await host.setupOwnerAndApiKey();
		for (const id of active) await host.activateWorkflow(id);
		return host;
	} catch (error) {
		await host.stop();
		throw error;
	}
}

export async function startBenchWorld(size: WorldSize): Promise<BenchWorld> {
	const caDir = mkdtempSync(join(tmpdir(), 'bench-n8n-'));
	let child: ChildProcess | undefined;
	const hosts: N8nHost[] = [];
	const stop = async () => {
		for (const h of hosts) await h.stop();
		child?.kill('SIGTERM');
		rmSync(caDir, { recursive: true, force: true });
	};
	try {
		log('building and packing the package…');
		const tarball = buildAndPack();
		// Idle keep-alive sockets stay open for 2 minutes: parsing a 10,000-alert page can take
		// longer than Node's 5 s default on a busy machine (see SandboxOptions.keepAliveTimeoutMs).
		const sandbox = await startSandboxProcess(caDir, [
			'--keep-alive-ms',
			'120000',
			'--tenants',
			String(size.triggerTenants),
		]);
		child = sandbox.child;
		const { info } = sandbox;
		const control = new SandboxControlClient(info.origin, info.caPath);
		const bigTenant = info.tenants.fabrikam.id;
		log(
			`seeding ${size.bigAlerts} alerts with evidence in one tenant and ${size.fanoutTenants} tenants × ${size.fanoutAlerts} (the trigger's ${size.triggerTenants} tenants start empty)…`,
		);
		if (size.bigAlerts > 0) await control.seedAlerts(bigTenant, { count: size.bigAlerts, seed: 1 });
		const fanoutTenants: string[] = [];
		for (let i = 1; i <= size.fanoutTenants; i++) {
			const t = await control.addTenant({ name: `benchcustomer${String(i).padStart(3, '0')}` });
			await control.seedAlerts(t.id, { count: size.fanoutAlerts, seed: 1000 + i });
			fanoutTenants.push(t.id);
		}
		log(`seeding ${size.manyFanoutTenants} more tenants × ${size.manyFanoutAlerts}…`);
		const manyFanoutTenants: string[] = [];
		for (let i = 1; i <= size.manyFanoutTenants; i++) {
			const t = await control.addTenant({ name: `benchclient${String(i).padStart(4, '0')}` });
			await control.seedAlerts(t.id, { count: size.manyFanoutAlerts, seed: 5000 + i });
			manyFanoutTenants.push(t.id);
		}
		// The sandbox's extra tenants are customer001…, in creation order.
		const triggerTenants = (await control.world()).tenants
			.filter((t) => /^customer\d+\.onmicrosoft\.com$/.test(t.domain))
			.map((t) => t.id);
		if (triggerTenants.length !== size.triggerTenants) {
			throw new Error(
				`the sandbox has ${triggerTenants.length} extra tenants, not the ${size.triggerTenants} asked for with --tenants`,
			);
		}

		log('starting two n8n (one per fetch path) with the package installed…');
		const env = {
			NODE_EXTRA_CA_CERTS: info.caPath,
			...(size.expressionEngine ? { N8N_EXPRESSION_ENGINE: size.expressionEngine } : {}),
			...(size.cpuProfileDir
				? { NODE_OPTIONS: `--cpu-prof --cpu-prof-dir=${size.cpuProfileDir}` }
				: {}),
		};
		const app = (tenants: Array<{ tenantId: string; label: string }>) => ({
			cloud: 'custom',
			loginBaseUrl: info.loginBaseUrl,
			apiBaseUrl: info.apiBaseUrl,
			clientId: info.clientId,
			clientSecret: info.clientSecret,
			tenants: { tenant: tenants.map((t) => ({ ...t, region: 'default' })) },
		});
		const credentials: N8nCredential[] = [
			{
				...ONE_TENANT_CREDENTIAL,
				type: 'defenderMsspAppApi',
				data: app([{ tenantId: bigTenant, label: 'Fabrikam' }]),
			},
			{
				...FANOUT_CREDENTIAL,
				type: 'defenderMsspAppApi',
				data: app(fanoutTenants.map((tenantId, i) => ({ tenantId, label: `Customer ${i + 1}` }))),
			},
		];
		if (manyFanoutTenants.length > 0) {
			credentials.push({
				...MANY_FANOUT_CREDENTIAL,
				type: 'defenderMsspAppApi',
				data: app(manyFanoutTenants.map((tenantId, i) => ({ tenantId, label: `Client ${i + 1}` }))),
			});
		}
		if (triggerTenants.length > 0) {
			credentials.push({
				...TRIGGER_CREDENTIAL,
				type: 'defenderMsspAppApi',
				data: app(triggerTenants.map((tenantId, i) => ({ tenantId, label: `Client ${i + 1}` }))),
			});
		}
		const benches = fanoutBenches();
		const fanouts = [
			...benches.fanout,
			...(manyFanoutTenants.length > 0 ? [benches.many] : []),
		].map((bench, i) => fanoutWorkflow(bench, 10 + i));
		const ours = [
			oursFetchWorkflow(),
			...fanouts,
			triggerWorkflow(FANOUT_TRIGGER),
			...(triggerTenants.length > 0 ? [triggerWorkflow(MANY_TENANTS_TRIGGER)] : []),
		];
		const http = httpNodeFetchWorkflow(info, bigTenant);
		const started = await Promise.allSettled([
			startHost(tarball, env, credentials, ours, [ours[0].id, ...fanouts.map((f) => f.id)]),
			startHost(tarball, env, [], [http], [http.id]),
		]);
		for (const r of started) if (r.status === 'fulfilled') hosts.push(r.value);
		for (const r of started) if (r.status === 'rejected') throw r.reason;
		const [host, httpHost] = hosts;
		return {
			info,
			control,
			ca: readFileSync(info.caPath, 'utf8'),
			bigTenant,
			fanoutTenants,
			manyFanoutTenants,
			triggerTenants,
			host,
			httpHost,
			stop,
		};
	} catch (error) {
		await stop();
		throw error;
	}
}

/** Resident set size of a process now, in MB (0 once it is gone). */
export function rssMb(pid: number): number {
	try {
		const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
		return m ? Number(m[1]) / 1024 : 0;
	} catch {
		return 0;
	}
}

/**
 * CPU seconds (user + system) a process has used so far, from /proc (clock ticks of 10 ms). On a
 * shared machine wall time varies with the other jobs; the CPU a path needs hardly does.
 */
export function cpuSeconds(pid: number): number {
	const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
	// Fields after the command name (which may hold spaces): utime and stime are the 12th and 13th.
	const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
	return (Number(fields[11]) + Number(fields[12])) / 100;
}

/** CPU seconds of this process (the bench runner: the raw client's own work). */
export function ownCpuSeconds(): number {
	const u = process.cpuUsage();
	return (u.user + u.system) / 1e6;
}

/**
 * POSTs to one of the bench webhooks and returns the wall time, the item count the workflow
 * answered, the n8n process's CPU seconds and its peak RSS while it ran (sampled every 50 ms).
 */
export async function runWebhook(
	host: N8nHost,
	path: string,
): Promise<{ seconds: number; cpuS: number; count: number; peakRssMb: number }> {
	const pid = host.serverPid();
	if (!pid) throw new Error('n8n is not running');
	const cpuBefore = cpuSeconds(pid);
	let peak = rssMb(pid);
	const sampler = setInterval(() => (peak = Math.max(peak, rssMb(pid))), 50);
	const started = process.hrtime.bigint();
	try {
		const init = { method: 'POST', signal: AbortSignal.timeout(900_000) };
		const res = await callWebhook(`${host.baseUrl}/webhook/${path}`, init);
		const text = await res.text();
		const seconds = Number(process.hrtime.bigint() - started) / 1e9;
		if (!res.ok) {
			throw new Error(
				`webhook ${path} answered ${res.status}: ${text.slice(0, 500)}\n--- n8n log ---\n${tail(host.logFile, 40)}`,
			);
		}
		return {
			seconds,
			cpuS: cpuSeconds(pid) - cpuBefore,
			count: Number((JSON.parse(text) as { count_id: unknown }).count_id),
			peakRssMb: Math.max(peak, rssMb(pid)),
		};
	} finally {
		clearInterval(sampler);
	}
}

export interface ApiCounts {
	/** Alert (API) calls that passed authentication. */
	calls: number;
	/** 429s the sandbox served. */
	throttled: number;
	/** Token endpoint requests (issued or failed). */
	tokens: number;
}

export async function apiCounts(w: BenchWorld): Promise<ApiCounts> {
	const c = await w.control.counters();
	let calls = 0;
	for (const families of Object.values(c.api))
		for (const f of Object.values(families)) calls += f.calls;
	const tokens = Object.values(c.tokens).reduce((n, t) => n + t.issued + t.failed, 0);
	return { calls, throttled: c.throttledTotal, tokens };
}

/** Runs `work` and returns what the sandbox counted meanwhile. */
export async function counted<T>(
	w: BenchWorld,
	work: () => Promise<T>,
): Promise<ApiCounts & { value: T }> {
	const before = await apiCounts(w);
	const value = await work();
	const after = await apiCounts(w);
	return {
		value,
		calls: after.calls - before.calls,
		throttled: after.throttled - before.throttled,
		tokens: after.tokens - before.tokens,
	};
}
