/**
 * The queue-mode bench's world: n8n as an MSSP runs it at scale — a main that owns the trigger,
 * two `n8n worker` processes, Postgres and Redis (the e2e harness's queue host, test/e2e/queueHost.ts)
 * — with this package installed from its npm-pack tarball, against the sandbox in a child process
 * with `tenants` customer tenants of their own (`--tenants`), each seeded with `alertsPerTenant`
 * old alerts (history the trigger never emits; what the fan-out reads). A Splunk HEC receiver
 * stands in for the SIEM. Everything it starts, `stop()` stops.
 */
import type { ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { buildAndPack } from '../../e2e/packageUnderTest';
import { type N8nCredential, type N8nHost, startN8n } from '../../e2e/n8nHost';
import { type QueueServices, startQueueServices } from '../../e2e/queueServices';
import { type HecReceiver, startHecReceiver } from '../../receivers/splunkHec';
import { SandboxControlClient } from '../../sandbox/client';
import { startSandboxProcess } from '../support';
import type { BenchWorld } from './benchHost';
import { MANY_TENANTS_TRIGGER, TRIGGER_CREDENTIAL, triggerWorkflow } from './workflows';
import { absorbWorkflow, batchFanoutWorkflow, wholeFanoutWorkflow } from './queueBenchWorkflows';

export interface QueueWorld extends BenchWorld {
	services: QueueServices;
	hec: HecReceiver;
	/** The main's and each worker's pid, for memory figures. */
	pids(): { main?: number; workers: Array<number | undefined> };
}

const log = (line: string) => process.stderr.write(`[bench] ${line}\n`);

export async function startQueueWorld(
	tenantCount: number,
	alertsPerTenant: number,
): Promise<QueueWorld> {
	const caDir = mkdtempSync(join(tmpdir(), 'bench-queue-'));
	let child: ChildProcess | undefined;
	let services: QueueServices | undefined;
	let hec: HecReceiver | undefined;
	let host: N8nHost | undefined;
	const stop = async () => {
		await host?.stop();
		await services?.stop();
		await hec?.stop();
		child?.kill('SIGTERM');
		rmSync(caDir, { recursive: true, force: true });
	};
	try {
		log('queue mode: building and packing the package…');
		const tarball = buildAndPack();
		const sandbox = await startSandboxProcess(caDir, [
			'--keep-alive-ms',
			'120000',
			'--tenants',
			String(tenantCount),
		]);
		child = sandbox.child;
		const { info } = sandbox;
		const control = new SandboxControlClient(info.origin, info.caPath);
		const tenants = (await control.world()).tenants
			.filter((t) => /^customer\d+\.onmicrosoft\.com$/.test(t.domain))
			.map((t) => t.id);
		if (tenants.length !== tenantCount)
			throw new Error(`the sandbox has ${tenants.length} extra tenants, not ${tenantCount}`);
		log(`queue mode: seeding ${alertsPerTenant} old alerts in each of ${tenantCount} tenants…`);
		const day = 86_400_000;
		const now = (await control.clock()).now;
		let next = 0;
		const lane = async () => {
			for (let i = next++; i < tenants.length; i = next++) {
				await control.seedAlerts(tenants[i], {
					count: alertsPerTenant,
					seed: 5000 + i,
					startTime: now - 3 * day,
					endTime: now - day,
				});
			}
		};
		await Promise.all(Array.from({ length: 8 }, lane));

		log('queue mode: Postgres, Redis, an n8n main and two workers…');
		services = await startQueueServices();
		hec = await startHecReceiver();
		host = await startN8n({
			packageTarball: tarball,
			env: { NODE_EXTRA_CA_CERTS: info.caPath },
			queue: { services, workers: 2 },
		});
		const credential: N8nCredential = {
			...TRIGGER_CREDENTIAL,
			type: 'defenderMsspAppApi',
			data: {
				cloud: 'custom',
				loginBaseUrl: info.loginBaseUrl,
				apiBaseUrl: info.apiBaseUrl,
				clientId: info.clientId,
				clientSecret: info.clientSecret,
				tenants: {
					tenant: tenants.map((tenantId, i) => ({
						tenantId,
						label: `Client ${i + 1}`,
						region: 'default',
					})),
				},
			},
		};
		await host.importCredentials([credential]);
		const workflows = [
			triggerWorkflow(MANY_TENANTS_TRIGGER),
			wholeFanoutWorkflow(),
			batchFanoutWorkflow(),
			absorbWorkflow(hec),
		];
		await host.importWorkflows(workflows);
		await host.start();
		await host.setupOwnerAndApiKey();
		for (const wf of workflows.slice(1)) await host.activateWorkflow(wf.id);
		const running = host;
		return {
			info,
			control,
			ca: readFileSync(info.caPath, 'utf8'),
			bigTenant: '',
			fanoutTenants: [],
			manyFanoutTenants: [],
			triggerTenants: tenants,
			host: running,
			httpHost: running,
			services,
			hec,
			pids: () => ({
				main: running.serverPid(),
				workers: [0, 1].map((i) => running.workers?.pid(i)),
			}),
			stop,
		};
	} catch (error) {
		await stop();
		throw error;
	}
}
