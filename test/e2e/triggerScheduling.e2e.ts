/**
 * The Defender Alert Trigger published in a real n8n 2.41, under both of n8n's poll schedulers
 * (what n8n does, with file:line: N8N-POLLING.md). Every case counts what the trigger emitted over
 * all executions (public API) against the alerts it created: each exactly once.
 * - Legacy scheduler (n8n's default): polls that outlast the 1-minute interval overlap and share
 *   static data; a client secret rotated in the credential is used without re-publishing.
 * - Durable scheduler with durable cursors: a first poll that finds nothing, later polls and an
 *   n8n restart; 200 slow tenants, more than one poll can read inside n8n's poll timeout.
 * n8n's minimum poll interval is one minute in both schedulers (active-workflow-triggers.js:170
 * rejects sub-minute crons before either branch), so each case waits for real polls. Everything
 * runs on 127.0.0.1; afterAll stops both n8n and every sandbox and checks no process is left.
 * Wall time on 2 cores: 10.5 min, 17.8 min while cases fail (they wait out their bounds).
 */
import type { Sandbox } from '../sandbox/server';
import { startSandbox } from '../sandbox/server';
import {
	AlertLedger,
	appCredential,
	defaultCustomers,
	LedgerTenant,
	TRIGGER_NODE,
	triggerWorkflow,
} from './alertLedger';
import { emittedBy, EmittedItem, waitForActivationPoll } from './executions';
import { N8nHost, startN8n } from './n8nHost';
import { packageTarball } from './packageUnderTest';
import { sleep } from './processes';
import {
	alertRequestLoad,
	emittedWithin,
	failedExecutions,
	figures,
	logLinesSince,
	logMark,
	stopAll,
	waitForPoll,
} from './schedulingProbes';

const ABANDONED = 'Poll exceeded its timeout and was abandoned';
const MINUTE = 60_000;
/** Per alert-list answer in the overlap case: 3 tenants one at a time need 75 s a poll. */
const LATENCY_MS = 25_000;

describe('Alert Trigger under the legacy scheduler (n8n default)', () => {
	let overlapSb: Sandbox;
	let rotationSb: Sandbox;
	let host: N8nHost | undefined;
	const overlapCred = () => appCredential(overlapSb, 'sched-overlap', defaultCustomers(overlapSb));
	const rotationCred = () =>
		appCredential(rotationSb, 'sched-rotation', defaultCustomers(rotationSb));

	beforeAll(async () => {
		overlapSb = await startSandbox({ maxLogEntries: 20_000 });
		// Tokens usable for ~30 s (the transport keeps a margin): every poll asks for a new one.
		rotationSb = await startSandbox({ accessTokenLifetimeSec: 60 });
		// One CA per test process: both sandboxes' certificates chain to it.
		host = await startN8n({
			packageTarball: packageTarball(),
			env: { NODE_EXTRA_CA_CERTS: overlapSb.caPath },
		});
		await host.importCredentials([overlapCred(), rotationCred()]);
		await host.importWorkflows([
			// One tenant at a time, so a poll of three tenants takes three API answers.
			triggerWorkflow('schedLegacyOvlp', '5e0f3a10-1c2d-4e5f-8a9b-000000000301', overlapCred(), {
				tenantConcurrency: 1,
			}),
			triggerWorkflow('schedLegacyRota', '5e0f3a10-1c2d-4e5f-8a9b-000000000302', rotationCred()),
		]);
		await host.start();
		await host.setupOwnerAndApiKey();
	});

	afterAll(async () => {
		await stopAll(host, [overlapSb, rotationSb]);
	});

	it(
		'emits every alert once while each poll outlasts the 1-minute interval',
		async () => {
			const h = host as N8nHost;
			const tenants = defaultCustomers(overlapSb);
			const ledger = new AlertLedger(overlapSb, 31_000);
			const from = (await overlapSb.control.clock()).now;
			await h.activateWorkflow('schedLegacyOvlp');
			try {
				await waitForActivationPoll(overlapSb, 3, from);
				// 3 tenants × 25 s: a full poll needs ~75 s, so n8n's next tick comes while it runs.
				await overlapSb.control.setLatency({ latencyMs: LATENCY_MS, pathPrefix: '/api/alerts' });
				await ledger.create(tenants, 2, 'first minute');
				await sleep(MINUTE);
				await ledger.create(tenants, 2, 'second minute');
				await sleep(90_000);
				const cleared = (await overlapSb.control.clock()).now;
				await overlapSb.control.setLatency(null);
				// The polls in flight finish within 75 s; one more poll starts after them.
				await sleep(75_000);
				await waitForPoll(overlapSb, 3, cleared + 75_000);
				const items = await emittedBy(h, 'schedLegacyOvlp', TRIGGER_NODE);
				const report = ledger.report(items);
				const executions = (await h.executions('schedLegacyOvlp')).length;
				const load = await alertRequestLoad(overlapSb, LATENCY_MS);
				figures('legacy overlap', { ...report, executions, ...load });
				// The case is real: answers were slow enough that a full poll needs 75 s. Whether a
				// second poll then reads beside the first (maxInFlight 2) is the trigger's choice.
				expect(load.delayed).toBeGreaterThanOrEqual(3);
				expect({
					duplicates: report.duplicateItems,
					missing: report.missing,
					unexpected: report.unexpected,
				}).toEqual({
					duplicates: 0,
					missing: 0,
					unexpected: 0,
				});
			} finally {
				await overlapSb.control.setLatency(null);
				await h.deactivateWorkflow('schedLegacyOvlp');
			}
		},
		12 * MINUTE,
	);

	it(
		'uses a client secret rotated in the credential at the next poll, without re-publishing',
		async () => {
			const h = host as N8nHost;
			const sb = rotationSb;
			const tenants = defaultCustomers(sb);
			const ledger = new AlertLedger(sb, 32_000);
			const from = (await sb.control.clock()).now;
			await h.activateWorkflow('schedLegacyRota');
			try {
				await waitForActivationPoll(sb, 3, from);
				const fresh = await sb.control.addSecret(sb.credentials.clientId, {
					description: 'rotated by e2e',
				});
				await h.api('/credentials/sched-rotation', {
					method: 'PATCH',
					body: { data: { clientSecret: fresh.value }, isPartialData: true },
				});
				await sb.control.expireSecret(sb.credentials.clientId, sb.credentials.clientSecret);
				const rotated = (await sb.control.clock()).now;
				await ledger.create(tenants, 2, 'after rotation');
				const items = await emittedWithin(h, 'schedLegacyRota', (i) => ledger.covers(i), 150_000);
				const report = ledger.report(items);
				const failures = await failedExecutions(h, 'schedLegacyRota');
				const tokenFailures = (await sb.control.requests()).filter(
					(r) => r.path.includes('/oauth2') && Date.parse(r.time) >= rotated && r.status >= 400,
				).length;
				figures('legacy secret rotation', {
					...report,
					failedExecutions: failures.length,
					tokenFailures,
					firstFailure: failures[0],
				});
				expect({
					missing: report.missing,
					duplicates: report.duplicateItems,
					failedExecutions: failures.length,
				}).toEqual({
					missing: 0,
					duplicates: 0,
					failedExecutions: 0,
				});
			} finally {
				await h.deactivateWorkflow('schedLegacyRota');
			}
		},
		8 * MINUTE,
	);
});

describe('Alert Trigger under the durable scheduler with durable cursors', () => {
	let sb: Sandbox;
	let host: N8nHost | undefined;
	let wide: LedgerTenant[] = [];
	const customersCred = () => appCredential(sb, 'sched-durable-3', defaultCustomers(sb));
	const wideCred = () => appCredential(sb, 'sched-durable-200', wide);

	beforeAll(async () => {
		sb = await startSandbox({ maxLogEntries: 50_000 });
		wide = [];
		for (let i = 1; i <= 200; i++) {
			const t = await sb.control.addTenant({ name: `schedcustomer${String(i).padStart(3, '0')}` });
			wide.push({ tenantId: t.id, label: `Customer ${i}` });
		}
		host = await startN8n({
			packageTarball: packageTarball(),
			scheduler: 'durable',
			env: { NODE_EXTRA_CA_CERTS: sb.caPath },
		});
		await host.importCredentials([customersCred(), wideCred()]);
		await host.importWorkflows([
			triggerWorkflow('schedDurable3Tnt', '5e0f3a10-1c2d-4e5f-8a9b-000000000303', customersCred()),
			// Five at a time (the default was 5 when this case was written, now 10): the poll must
			// outlast n8n's 45-s poll timeout, which at 10 it no longer does.
			triggerWorkflow('schedDurable200T', '5e0f3a10-1c2d-4e5f-8a9b-000000000304', wideCred(), {
				tenantConcurrency: 5,
			}),
		]);
		await host.start();
		await host.setupOwnerAndApiKey();
	});

	afterAll(async () => {
		await stopAll(host, [sb]);
	});

	it(
		'emits every alert once across polls, a first poll that finds nothing and a restart',
		async () => {
			const h = host as N8nHost;
			const tenants = defaultCustomers(sb);
			const ledger = new AlertLedger(sb, 33_000);
			const from = (await sb.control.clock()).now;
			await h.activateWorkflow('schedDurable3Tnt');
			try {
				// The activation poll finds nothing (nothing was created yet) and returns null.
				await waitForActivationPoll(sb, 3, from);
				await ledger.create(tenants, 2, 'after the activation poll');
				await waitForPoll(sb, 3, (await sb.control.clock()).now); // the first scheduled poll
				await ledger.create(tenants, 2, 'after the first scheduled poll');
				await h.stop({ keepFolder: true });
				await ledger.create(tenants, 2, 'while n8n is down');
				await h.start(); // same folder, database and encryption key
				await ledger.create(tenants, 2, 'after the restart');
				const items = await emittedWithin(h, 'schedDurable3Tnt', (i) => ledger.covers(i), 150_000);
				// One more poll: nothing may come twice once the cursor has moved on.
				await waitForPoll(sb, 3, (await sb.control.clock()).now);
				const final = await emittedBy(h, 'schedDurable3Tnt', TRIGGER_NODE);
				const report = ledger.report(final);
				figures('durable exactly-once + restart', {
					...report,
					emittedBeforeLastPoll: items.length,
				});
				expect({
					missing: report.missingByBatch,
					duplicates: report.duplicateItems,
					unexpected: report.unexpected,
				}).toEqual({
					missing: {},
					duplicates: 0,
					unexpected: 0,
				});
			} finally {
				await h.deactivateWorkflow('schedDurable3Tnt');
			}
		},
		12 * MINUTE,
	);

	it(
		'makes progress every poll over 200 tenants whose answers take 1.2 s, without abandoned polls',
		async () => {
			const h = host as N8nHost;
			const ledger = new AlertLedger(sb, 34_000);
			const from = (await sb.control.clock()).now;
			await h.activateWorkflow('schedDurable200T');
			try {
				await waitForActivationPoll(sb, 200, from, 240_000);
				const mark = logMark(h);
				// 200 tenants, 5 at a time (the default), 1.2 s each: ≥ 48 s, past n8n's 45 s poll timeout.
				await sb.control.setLatency({ latencyMs: 1200, pathPrefix: '/api/alerts' });
				await ledger.create(wide, 12, 'backlog');
				// One sample a minute (one poll a minute) until all 2,400 are out, for at most 5 minutes.
				const series: number[] = [];
				let items: EmittedItem[] = [];
				for (let minute = 0; minute < 5 && !ledger.covers(items); minute++) {
					await sleep(MINUTE);
					items = await emittedBy(h, 'schedDurable200T', TRIGGER_NODE);
					series.push(ledger.uniqueEmitted(items));
				}
				// Polling without progress: two samples (≥ 2 polls) in a row that emitted nothing new.
				const stalled = series.filter(
					(n, i) => i > 0 && n === series[i - 1] && n < ledger.size,
				).length;
				const report = ledger.report(items);
				const abandoned = logLinesSince(h, mark, ABANDONED);
				const backingOff = logLinesSince(h, mark, 'Poll failed; backing off');
				figures('durable 200 slow tenants', {
					...report,
					emittedPerMinute: series,
					abandoned,
					backingOff,
					stalled,
				});
				expect({
					abandoned,
					stalled,
					missing: report.missing,
					duplicates: report.duplicateItems,
				}).toEqual({
					abandoned: 0,
					stalled: 0,
					missing: 0,
					duplicates: 0,
				});
			} finally {
				await sb.control.setLatency(null);
				await h.deactivateWorkflow('schedDurable200T');
			}
		},
		12 * MINUTE,
	);
});
