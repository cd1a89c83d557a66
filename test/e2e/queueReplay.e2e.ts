/**
 * Issue 18, "a worker killed mid-execution: alerts not lost", for the alert-to-SIEM example in
 * n8n's queue mode (Postgres, Redis, a main and two workers). n8n 2.41 cannot bring a killed
 * worker's execution back (queueMode.e2e.ts header: Bull's stalled job is failed, processError
 * stores it as `error` with an empty runData, a retry fails at once), so the SIEM redelivery
 * example replays it instead: it reads each failed chain head with its data, finds no run data,
 * POSTs the window that poll read to the example's "Replay window" webhook (Fetch Alerts over
 * every tenant into the same batch and POST path) and deletes the lost execution once the replay
 * delivered.
 *
 * Both collectors hold every request for 2 minutes while one poll's alerts are sent, so both of
 * that poll's executions (HEC and CEF) are mid-POST on their workers; both workers are SIGKILLed
 * and started again. Afterwards every alert created reached HEC and the CEF collector, exactly
 * once after dedupe (HEC by `event_id`), the lost executions are gone (replayed once, never
 * retried) and the replay ran on a worker. The raw re-send count is reported: the replay window
 * reaches back replayMarginMinutes (8) before the lost poll, so it re-sends what neighbouring
 * polls delivered. The sweep runs every 20 s with a 15 s first delay (shipped: 2 min, 1 min).
 */
import { HecEvent, HecReceiver, startHecReceiver } from '../receivers/splunkHec';
import { Sandbox, startSandbox } from '../sandbox/server';
import { AlertLedger, defaultCustomers } from './alertLedger';
import {
	credentialsFor,
	n8nApiCredential,
	REDELIVERY_WORKFLOW_ID,
	redeliveryWorkflowFor,
	SIEM_WORKFLOW_ID,
	siemWorkflowFor,
} from './exampleWorkflows';
import { allExecutions } from './executionPages';
import { waitForActivationPoll, waitUntil } from './executions';
import { N8nHost, startN8n } from './n8nHost';
import { packageTarball } from './packageUnderTest';
import { sleep } from './processes';
import { ranOnWorkers, record } from './queueProbes';
import { QueueServices, startQueueServices } from './queueServices';

const MINUTE = 60_000;
const TIMING = { sweepSeconds: 20, baseDelayMinutes: 0.25, maxDelayMinutes: 1 };
/** Bull's lock and stalled check shortened as in queueMode.e2e.ts (n8n: 60 s / 30 s). */
const BULL_ENV = {
	QUEUE_WORKER_LOCK_DURATION: '20000',
	QUEUE_WORKER_LOCK_RENEW_TIME: '5000',
	QUEUE_WORKER_STALLED_INTERVAL: '10000',
};
const HOLD_MS = 2 * MINUTE;
const TRIGGERS = ['New alert (Splunk HEC)', 'New alert (CEF)'];

interface StoredExecution {
	status: string;
	data?: {
		resultData?: {
			runData?: Record<
				string,
				Array<{ data?: { main?: Array<Array<{ json?: Record<string, unknown> }>> } }>
			>;
		};
	};
}

const hecAlert = (e: HecEvent) => {
	const ev = e.event as { tenantId?: string; id?: string };
	return `${String(ev.tenantId)}/${String(ev.id)}`;
};
const cefAlert = (line: string) =>
	`${/(?:^|\s)cs2=(\S+)/.exec(line)?.[1]}/${/(?:^|\s)externalId=(\S+)/.exec(line)?.[1]}`;
const asItems = (keys: string[]) =>
	keys.map((k) => {
		const [tenantId, id] = k.split('/');
		return { executionId: '', json: { tenantId, id } };
	});

describe('queue mode: a worker killed mid-delivery is replayed from Defender', () => {
	let services: QueueServices | undefined;
	let sb: Sandbox;
	let hec: HecReceiver;
	let cef: HecReceiver;
	let host: N8nHost | undefined;
	const t0 = Date.now();

	beforeAll(async () => {
		services = await startQueueServices();
		sb = await startSandbox({ maxLogEntries: 20_000 });
		[hec, cef] = await Promise.all([startHecReceiver(), startHecReceiver()]);
		host = await startN8n({
			packageTarball: packageTarball(),
			queue: { services, workers: 2 },
			env: { NODE_EXTRA_CA_CERTS: sb.caPath, ...BULL_ENV },
		});
		await host.start();
		const apiKey = await host.setupOwnerAndApiKey();
		const apiUrl = `${host.baseUrl}/api/v1`;
		const replayUrl = `${host.baseUrl}/webhook/defender-siem-replay`;
		// On Postgres the CLI imports while the server runs.
		await host.importCredentials([...credentialsFor(sb, 2525), n8nApiCredential(apiKey, apiUrl)]);
		await host.importWorkflows([
			siemWorkflowFor(hec, cef.url),
			redeliveryWorkflowFor(apiUrl, [SIEM_WORKFLOW_ID], TIMING, { [SIEM_WORKFLOW_ID]: replayUrl }),
		]);
		const from = (await sb.control.clock()).now;
		await host.activateWorkflow(SIEM_WORKFLOW_ID);
		await waitForActivationPoll(sb, 3, from);
		await host.activateWorkflow(REDELIVERY_WORKFLOW_ID);
	});

	afterAll(async () => {
		await host?.stop();
		await Promise.all([hec?.stop(), cef?.stop(), sb?.stop()]);
		await services?.stop();
		const left = [...(host?.processes() ?? []), ...(services?.processes() ?? [])];
		record('replay suite wall', { s: Math.round((Date.now() - t0) / 1000) });
		if (left.length > 0) throw new Error(`processes left after stop: ${left.join(', ')}`);
	});

	it(
		'delivers every alert of the killed executions through a replay, none twice after dedupe',
		async () => {
			const h = host as N8nHost;
			const workers = h.workers;
			if (!workers) throw new Error('queue host without workers');
			const tenants = defaultCustomers(sb);
			const ledger = new AlertLedger(sb, 52_000);

			// One poll's alerts, both collectors holding: both executions stay mid-POST.
			const before = ranOnWorkers(workers);
			hec.hold(HOLD_MS);
			cef.hold(HOLD_MS);
			await ledger.create(tenants, 2, 'killed');
			await waitUntil(
				'both deliveries of the poll to be mid-POST',
				async () => hec.inFlight() > 0 && cef.inFlight() > 0,
				Boolean,
				3 * MINUTE,
			);
			const started = [...ranOnWorkers(workers)].filter((id) => !before.has(id));
			await Promise.all([workers.kill(0), workers.kill(1)]);
			const killedAt = Date.now();
			hec.hold(null);
			cef.hold(null);
			await Promise.all([workers.start(0), workers.start(1)]);
			await ledger.create(tenants, 1, 'after the kill');
			// The poll's deliveries, not a sweep that ran on a worker meanwhile.
			const killedIds: string[] = [];
			for (const id of started) {
				const e = await h.api<{ workflowId: string }>(`/executions/${id}`);
				if (e.workflowId === SIEM_WORKFLOW_ID) killedIds.push(id);
			}

			// n8n keeps no real trigger item of them: error with an empty runData (stalled job
			// failed first) or crashed with placeholder items (the restarted worker's event log).
			const lost = await waitUntil(
				'n8n to settle the killed executions',
				async () => {
					const out = [];
					for (const id of killedIds) {
						const e = await h.api<StoredExecution>(`/executions/${id}?includeData=true`);
						if (e.status === 'running' || e.status === 'new') return [];
						const runData = e.data?.resultData?.runData ?? {};
						const triggerItems = TRIGGERS.flatMap((t) =>
							(runData[t] ?? []).flatMap((r) => r.data?.main?.[0] ?? []),
						);
						out.push({
							id,
							status: e.status,
							nodes: Object.keys(runData).length,
							realTriggerItems: triggerItems.filter(
								(i) => i.json?.isArtificialRecoveredEventItem !== true,
							).length,
						});
					}
					return out;
				},
				(list) => list.length === killedIds.length,
				3 * MINUTE,
			);
			const noticedS = Math.round((Date.now() - killedAt) / 1000);
			// Not at either collector yet: the kill lost them (the sweep waits 15 s before it acts).
			const killedKeys = new Set(ledger.keys('killed'));
			const earlyHec = hec
				.events()
				.map(hecAlert)
				.filter((k) => killedKeys.has(k)).length;
			const earlyCef = cef
				.rawLines()
				.map(cefAlert)
				.filter((k) => killedKeys.has(k)).length;

			const covered = async () =>
				ledger.covers(asItems(hec.events().map(hecAlert))) &&
				ledger.covers(asItems(cef.rawLines().map(cefAlert)));
			const replayFrom = Date.now();
			await waitUntil('every alert at both collectors', covered, Boolean, 5 * MINUTE);
			const deliveredS = Math.round((Date.now() - replayFrom) / 1000);
			// Two sweeps more: a lost execution must not be replayed again.
			await sleep(45_000);

			const all = await allExecutions(h, SIEM_WORKFLOW_ID);
			const replays = all.filter((e) => e.mode === 'webhook');
			const gone = [];
			for (const id of killedIds) {
				gone.push(
					await h.api(`/executions/${id}`).then(
						() => false,
						() => true,
					),
				);
			}
			// What the sweeps decided for them: one replay each (or one for both), never a retry.
			const decisions = await sweepDecisions(h);
			const forKilled = decisions.filter((d) =>
				killedIds.some((id) => d.executionId === id || d.lostExecutionIds?.includes(id)),
			);
			const events = hec.events();
			const byEventId = new Map<string, string>();
			for (const e of events) byEventId.set(String(e.fields?.event_id), hecAlert(e));
			const hecAlerts = [...byEventId.values()];
			const cefLines = cef.rawLines();
			const cefVersions = new Set(
				cefLines.map((l) => `${cefAlert(l)}@${/deviceCustomDate1=(\d+)/.exec(l)?.[1]}`),
			);
			const created = new Set(ledger.keys());
			const figures = {
				killed: lost,
				noticedS,
				created: ledger.size,
				hecRaw: events.length,
				hecAfterDedupe: byEventId.size,
				hecRawResends: events.length - byEventId.size,
				hecOtherAlerts: hecAlerts.filter((k) => !created.has(k)).length,
				cefRaw: cefLines.length,
				cefAfterDedupe: cefVersions.size,
				replays: replays.map((e) => `${e.id}:${e.status}`),
				decisions: forKilled.map(
					(d) => `${d.action}:${(d.lostExecutionIds ?? [d.executionId]).join('+')}`,
				),
				deliveredS,
				suiteS: Math.round((Date.now() - t0) / 1000),
			};
			record('replay', figures);

			// The HEC and the CEF delivery of the poll, both lost to n8n.
			expect(killedIds.length).toBe(2);
			for (const l of lost) {
				expect(['error', 'crashed']).toContain(l.status);
				expect(l.realTriggerItems).toBe(0);
			}
			expect({ earlyHec, earlyCef }).toEqual({ earlyHec: 0, earlyCef: 0 });
			// After `| dedup event_id`: every created alert, each under one event_id (one version).
			const ours = hecAlerts.filter((k) => created.has(k));
			expect(new Set(ours).size).toBe(ours.length);
			expect(ledger.report(asItems(ours))).toMatchObject({ missing: 0, duplicateItems: 0 });
			expect(ledger.report(asItems(cefLines.map(cefAlert)))).toMatchObject({ missing: 0 });
			// Each lost execution was replayed and deleted, never retried; the replay succeeded on a worker.
			expect(gone).toEqual(killedIds.map(() => true));
			expect(all.filter((e) => e.retryOf !== null && killedIds.includes(e.retryOf))).toEqual([]);
			expect(forKilled.every((d) => d.action === 'replay')).toBe(true);
			const replayedIds = forKilled.flatMap((d) => d.lostExecutionIds ?? []);
			expect(replayedIds.sort()).toEqual([...killedIds].sort());
			expect(replays.length).toBeGreaterThanOrEqual(1);
			expect(replays.every((e) => e.status === 'success')).toBe(true);
			const onWorkers = ranOnWorkers(workers);
			expect(replays.filter((e) => !onWorkers.has(e.id))).toEqual([]);
		},
		12 * MINUTE,
	);
});

interface Decision {
	action: string;
	executionId: string;
	lostExecutionIds?: string[];
}

/** Every item the sweeps' "Retry or replay" node put out, over all their executions. */
async function sweepDecisions(h: N8nHost): Promise<Decision[]> {
	const runs = await allExecutions(h, REDELIVERY_WORKFLOW_ID, { includeData: true });
	return runs.flatMap((e) => {
		const data = e.data as StoredExecution['data'];
		return (data?.resultData?.runData?.['Retry or replay'] ?? []).flatMap((r) =>
			(r.data?.main?.[0] ?? []).map((i) => i.json as unknown as Decision),
		);
	});
}
