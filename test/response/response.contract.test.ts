/**
 * Defender Response through n8n-core against the sandbox: every operation, Wait for Completion
 * (success, failure, timeout), the duplicate-action case, invalid indicator values and a
 * 1,200-indicator import.
 */
import type { IDataObject, INodeParameters } from 'n8n-workflow';

import { DefenderMsspAppApi } from '../../credentials/DefenderMsspAppApi.credentials';
import { DefenderMsspOAuth2Api } from '../../credentials/DefenderMsspOAuth2Api.credentials';
import { DefenderResponse } from '../../nodes/DefenderResponse/DefenderResponse.node';
import type { DefenderAlert } from '../../nodes/shared/alerts/types';
import { runNode, trustCa } from '../harness';
import type { HarnessCredentials, RunNodeResult } from '../harness';
import { startSandbox } from '../sandbox/server';
import type { Sandbox } from '../sandbox/server';
import type { SandboxMachine } from '../sandbox/defender/machines';

let sb: Sandbox;
let untrust: () => void;
let alerts: DefenderAlert[];
let machines: SandboxMachine[];
let tenantId: string;

const creds = (): HarnessCredentials => ({
	defenderMsspAppApi: {
		id: 'app-cred',
		data: {
			cloud: 'custom',
			loginBaseUrl: sb.loginBaseUrl,
			apiBaseUrl: sb.apiBaseUrl,
			clientId: sb.credentials.clientId,
			clientSecret: sb.credentials.clientSecret,
			tenants: { tenant: [{ tenantId, label: 'Fabrikam' }] },
		},
	},
});

function run(
	parameters: INodeParameters,
	extra: { continueOnFail?: boolean; inputItems?: IDataObject[] } = {},
): Promise<RunNodeResult> {
	return runNode({
		nodeType: new DefenderResponse(),
		credentialTypes: [new DefenderMsspAppApi(), new DefenderMsspOAuth2Api()],
		credentials: creds(),
		parameters: {
			authentication: 'defenderMsspAppApi',
			tenant: { __rl: true, mode: 'list', value: tenantId },
			...parameters,
		},
		...extra,
	});
}

function itemsOf(result: RunNodeResult): IDataObject[] {
	if (!result.output)
		throw new Error(`node failed: ${result.error?.message} ${result.error?.description ?? ''}`);
	return result.output[0].map((i) => i.json);
}

const action = (operation: string, machineId: string, more: INodeParameters = {}) =>
	run({ resource: 'machineAction', operation, machineId, comment: `test ${operation}`, ...more });
const fast = { pollInterval: 1, waitTimeout: 30 };

beforeAll(async () => {
	sb = await startSandbox();
	untrust = trustCa(sb.caPem);
	tenantId = sb.tenants.fabrikam.id;
	await sb.control.seedAlerts(tenantId, { count: 200, seed: 9 });
	alerts = (await sb.control.alerts(tenantId)) as DefenderAlert[];
	machines = await sb.control.machines(tenantId);
	await sb.control.setMachineActionBehaviour(tenantId, {
		pendingMs: 300,
		runMs: 900,
		outcome: 'Succeeded',
	});
}, 120_000);
afterAll(async () => {
	untrust?.();
	await sb?.stop();
});

describe('Machine', () => {
	it('gets one, many with filters, by IP and by alert; 404 names the machine', async () => {
		expect(machines.length).toBeGreaterThanOrEqual(6);
		const m = machines[0];
		expect(itemsOf(await run({ resource: 'machine', operation: 'get', machineId: m.id }))).toEqual([
			expect.objectContaining({
				id: m.id,
				computerDnsName: m.computerDnsName,
				tenantId,
				tenantLabel: 'Fabrikam',
			}),
		]);
		const all = itemsOf(await run({ resource: 'machine', operation: 'getAll', returnAll: true }));
		expect(all).toHaveLength(machines.length);
		const limited = itemsOf(await run({ resource: 'machine', operation: 'getAll', limit: 2 }));
		expect(limited).toHaveLength(2);
		const healthy = machines.filter(
			(x) => x.healthStatus === 'Active' && x.riskScore === m.riskScore,
		);
		const filtered = itemsOf(
			await run({
				resource: 'machine',
				operation: 'getAll',
				returnAll: true,
				filters: { healthStatus: ['Active'], riskScore: [m.riskScore] },
			}),
		);
		expect(filtered.map((x) => x.id).sort()).toEqual(healthy.map((x) => x.id).sort());
		const tagged = machines.find((x) => x.machineTags.length > 0);
		if (tagged) {
			const byTag = itemsOf(
				await run({
					resource: 'machine',
					operation: 'getAll',
					returnAll: true,
					filters: { machineTag: tagged.machineTags[0] },
				}),
			);
			expect(byTag.every((x) => (x.machineTags as string[]).includes(tagged.machineTags[0]))).toBe(
				true,
			);
		}
		const byIp = itemsOf(
			await run({ resource: 'machine', operation: 'findByIp', ip: m.lastIpAddress }),
		);
		expect(byIp.map((x) => x.id)).toContain(m.id);
		const alert = alerts.find((a) => a.machineId)!;
		expect(
			itemsOf(await run({ resource: 'machine', operation: 'getByAlert', alertId: alert.id }))[0],
		).toMatchObject({
			id: alert.machineId,
			alertId: alert.id,
		});
		const missing = await run({ resource: 'machine', operation: 'get', machineId: 'f'.repeat(40) });
		expect(missing.error?.message).toMatch(
			/^Machine "f+" was not found in customer tenant "Fabrikam"/,
		);
		const badIp = await run(
			{ resource: 'machine', operation: 'findByIp', ip: '10.0.0.0/8' },
			{ continueOnFail: true },
		);
		expect(itemsOf(badIp)[0].error).toMatch(/not an IPv4 or IPv6 address/);
	});
});

describe("the node's own settings reach the transport without being passed on", () => {
	it('Options → Max Retry Wait bounds the wait for a throttled tenant', async () => {
		await sb.control.addFault({
			kind: '429',
			tenantId,
			retryAfterSeconds: 30,
			pathPrefix: '/api/machines',
		});
		const started = Date.now();
		const r = await run({
			resource: 'machine',
			operation: 'get',
			machineId: machines[0].id,
			options: { maxRetryWaitSeconds: 3 },
		});
		await sb.control.clearFaults();
		expect(Date.now() - started).toBeLessThan(15_000);
		expect(r.error?.message).toMatch(/throttling tenant .* 30 s/);
		expect(r.error?.description).toMatch(/Max Retry Wait \(3 s\)/);
	});
});

describe('Machine Action', () => {
	it('isolates, reports a duplicate as already in progress, and reads the status', async () => {
		const m = machines[1];
		// Long enough to still run when the second call arrives on a slow machine; finished below.
		await sb.control.setMachineActionBehaviour(
			tenantId,
			{ pendingMs: 60_000, runMs: 60_000 },
			'Isolate',
		);
		const [started] = itemsOf(await action('isolate', m.id, { isolationType: 'Selective' }));
		expect(started).toMatchObject({
			type: 'Isolate',
			scope: 'Selective',
			status: 'Pending',
			alreadyInProgress: false,
			machineId: m.id,
		});
		const [dup] = itemsOf(await action('releaseIsolation', m.id));
		expect(dup).toMatchObject({
			alreadyInProgress: true,
			existingActionId: started.id,
			requestedType: 'Unisolate',
			type: 'Isolate',
		});
		expect(['Pending', 'InProgress']).toContain(dup.status);
		await sb.control.updateMachineAction(tenantId, String(started.id), {
			pendingMs: 300,
			runMs: 900,
		});
		const [status] = itemsOf(
			await run({
				resource: 'machineAction',
				operation: 'getStatus',
				actionId: String(started.id),
				waitForCompletion: true,
				options: fast,
			}),
		);
		expect(status).toMatchObject({
			id: started.id,
			status: 'Succeeded',
			completed: true,
			waitTimedOut: false,
		});
	});

	it('waits for completion: Succeeded, Failed, and the server-side TimeOut', async () => {
		const [ok] = itemsOf(
			await action('runAntivirusScan', machines[2].id, {
				scanType: 'Full',
				waitForCompletion: true,
				options: fast,
			}),
		);
		expect(ok).toMatchObject({
			type: 'RunAntiVirusScan',
			scope: 'Full',
			status: 'Succeeded',
			completed: true,
		});
		await sb.control.setMachineActionBehaviour(
			tenantId,
			{ outcome: 'Failed' },
			'RestrictCodeExecution',
		);
		await sb.control.setMachineActionBehaviour(
			tenantId,
			{ outcome: 'TimeOut' },
			'UnrestrictCodeExecution',
		);
		const [failed] = itemsOf(
			await action('restrictAppExecution', machines[3].id, {
				waitForCompletion: true,
				options: fast,
			}),
		);
		expect(failed).toMatchObject({
			type: 'RestrictCodeExecution',
			status: 'Failed',
			completed: true,
		});
		const [timedOut] = itemsOf(
			await action('removeAppRestriction', machines[3].id, {
				waitForCompletion: true,
				options: fast,
			}),
		);
		expect(timedOut).toMatchObject({
			type: 'UnrestrictCodeExecution',
			status: 'TimeOut',
			completed: true,
		});
	});

	it('gives up waiting at the timeout without failing, with the last status', async () => {
		await sb.control.setMachineActionBehaviour(
			tenantId,
			{ pendingMs: 500, runMs: 600_000 },
			'Isolate',
		);
		const began = Date.now();
		const [slow] = itemsOf(
			await action('isolate', machines[4].id, {
				isolationType: 'Full',
				waitForCompletion: true,
				options: { pollInterval: 1, waitTimeout: 3 },
			}),
		);
		expect(slow).toMatchObject({
			type: 'Isolate',
			status: 'InProgress',
			completed: false,
			waitTimedOut: true,
		});
		expect(Date.now() - began).toBeLessThan(20_000);
		await sb.control.updateMachineAction(tenantId, String(slow.id), { runMs: 0 });
		const [done] = itemsOf(
			await run({ resource: 'machineAction', operation: 'getStatus', actionId: String(slow.id) }),
		);
		expect(done.status).toBe('Succeeded');
	});

	it('collects an investigation package with its download link', async () => {
		const [pkg] = itemsOf(
			await action('collectInvestigationPackage', machines[5].id, {
				waitForCompletion: true,
				options: fast,
			}),
		);
		expect(pkg).toMatchObject({
			type: 'CollectInvestigationPackage',
			status: 'Succeeded',
			packageUri: expect.stringMatching(/^https:\/\/127\.0\.0\.1:\d+\/.*\.zip/),
		});
	});

	it('needs a comment and a real machine; continueOnFail keeps the other items', async () => {
		const noComment = await run({
			resource: 'machineAction',
			operation: 'isolate',
			machineId: machines[0].id,
			comment: '  ',
		});
		expect(noComment.error?.message).toMatch(/requires a comment/);
		const r = await run(
			{
				resource: 'machineAction',
				operation: 'runAntivirusScan',
				machineId: '={{ $json.m }}',
				comment: 'x',
				scanType: 'Quick',
			},
			{ continueOnFail: true, inputItems: [{ m: 'e'.repeat(40) }, { m: machines[0].id }] },
		);
		const items = itemsOf(r);
		expect(items[0].error).toMatch(/was not found/);
		expect(items[1]).toMatchObject({ type: 'RunAntiVirusScan', machineId: machines[0].id });
		expect(r.output?.[0].map((i) => i.pairedItem)).toEqual([{ item: 0 }, { item: 1 }]);
	});
});

describe('Indicator', () => {
	const sha = '275a021bbfb6489e54d471899f7db9d1663fc695ec2fe2a2c4538aabf651fd0f';

	it('creates, updates in place, lists, deletes', async () => {
		const [created] = itemsOf(
			await run({
				resource: 'indicator',
				operation: 'createOrUpdate',
				indicatorValue: sha.toUpperCase(),
				indicatorType: 'auto',
				action: 'BlockAndRemediate',
				title: 'Ransomware',
				expiration: '30d',
				additionalFields: {
					severity: 'High',
					generateAlert: true,
					rbacGroupNames: 'Servers, Finance',
					description: 'from alert',
					recommendedActions: 'Reimage',
				},
			}),
		);
		expect(created).toMatchObject({
			indicatorValue: sha,
			indicatorType: 'FileSha256',
			action: 'BlockAndRemediate',
			severity: 'High',
			rbacGroupNames: ['Servers', 'Finance'],
			generateAlert: true,
			tenantId,
		});
		const expires = Date.parse(String(created.expirationTime));
		expect(Math.abs(expires - (Date.now() + 30 * 86_400_000))).toBeLessThan(120_000);
		const [updated] = itemsOf(
			await run({
				resource: 'indicator',
				operation: 'createOrUpdate',
				indicatorValue: sha,
				indicatorType: 'FileSha256',
				action: 'Warn',
				title: 'Ransomware',
				expiration: '',
			}),
		);
		expect(updated).toMatchObject({ id: created.id, action: 'Warn' });
		itemsOf(
			await run({
				resource: 'indicator',
				operation: 'createOrUpdate',
				indicatorValue: 'evil.example.com',
				action: 'Block',
				expiration: '2w',
			}),
		);
		const listed = itemsOf(
			await run({
				resource: 'indicator',
				operation: 'getAll',
				returnAll: true,
				filters: { indicatorType: 'DomainName' },
			}),
		);
		expect(listed.map((i) => i.indicatorValue)).toEqual(['evil.example.com']);
		const [deleted] = itemsOf(
			await run({ resource: 'indicator', operation: 'delete', indicatorId: String(created.id) }),
		);
		expect(deleted).toMatchObject({ id: created.id, deleted: true });
		expect((await sb.control.indicators(tenantId)).map((i) => i.indicatorValue)).toEqual([
			'evil.example.com',
		]);
	});

	it('rejects invalid values locally with a clear message (nothing is sent)', async () => {
		const before = (await sb.control.requests()).filter((r) =>
			r.path.startsWith('/api/indicators'),
		).length;
		const r = await run(
			{
				resource: 'indicator',
				operation: 'createOrUpdate',
				indicatorValue: '={{ $json.v }}',
				action: 'Block',
				expiration: '={{ $json.e }}',
			},
			{
				continueOnFail: true,
				inputItems: [
					{ v: '10.0.0.0/8', e: '30d' },
					{ v: 'not a value', e: '30d' },
					{ v: 'abcd', e: '30d' },
					{ v: '1.2.3.4', e: 'soon' },
				],
			},
		);
		const errors = itemsOf(r).map((i) => String(i.error));
		expect(errors[0]).toMatch(/CIDR.*not support/);
		expect(errors[1]).toMatch(/not a file hash \(MD5, SHA-1, SHA-256\), IP address, domain or URL/);
		expect(errors[2]).toMatch(/not a file hash/);
		expect(errors[3]).toMatch(/neither a duration/);
		expect(
			(await sb.control.requests()).filter((r2) => r2.path.startsWith('/api/indicators')).length,
		).toBe(before);
	});

	it('imports 1,200 indicators in calls of 500/500/200 with a result per row, past the tenant cap', async () => {
		const existing = (await sb.control.indicators(tenantId)).length;
		await sb.control.setIndicatorCap(tenantId, existing + 1_150);
		const rows: INodeParameters[] = Array.from({ length: 1_200 }, (_, i) => ({
			indicatorValue: `10.${Math.floor(i / 250)}.${i % 250}.1`,
			title: `row ${i}`,
		}));
		const before = (await sb.control.requests()).length;
		const items = itemsOf(
			await run({
				resource: 'indicator',
				operation: 'batchImport',
				indicators: rows,
				defaults: { action: 'Block', expiration: '7d' },
			}),
		);
		const calls = (await sb.control.requests())
			.slice(before)
			.filter((r) => r.path === '/api/indicators/import');
		expect(calls.map((c) => c.status)).toEqual([200, 200, 200]);
		expect(items).toHaveLength(1_200);
		expect(items.map((i) => i.row)).toEqual(rows.map((_, i) => i));
		expect(items.filter((i) => !i.isFailed)).toHaveLength(1_150);
		expect(items[1_199]).toMatchObject({
			indicator: '10.4.199.1',
			isFailed: true,
			id: null,
			batch: 3,
			failureReason: expect.stringMatching(/limit of \d+ active indicators/),
		});
		expect(items[0]).toMatchObject({
			indicator: '10.0.0.1',
			isFailed: false,
			id: expect.any(String),
			batch: 1,
		});
		expect((await sb.control.indicators(tenantId)).length).toBe(existing + 1_150);
	}, 120_000);

	it('imports mixed rows: bad values fail locally, the rest are sent', async () => {
		await sb.control.setIndicatorCap(tenantId, 15_000);
		const items = itemsOf(
			await run({
				resource: 'indicator',
				operation: 'batchImport',
				indicators: JSON.stringify([
					'bad.example.org',
					{ indicatorValue: '192.168.0.0/16' },
					{ indicatorValue: 'x', indicatorType: 'Url' },
				]),
			}),
		);
		expect(items.map((i) => [i.isFailed, i.batch])).toEqual([
			[false, 1],
			[true, null],
			[true, null],
		]);
		expect(String(items[1].failureReason)).toMatch(/CIDR/);
	});
});
