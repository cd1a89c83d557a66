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
 * Twice, both collectors hold every request while one poll's alerts are sent, so both of that
 * poll's executions (HEC and CEF) are mid-POST on their workers; both workers are SIGKILLed and
 * started again: first on the same disk (n8n rebuilds the executions from the workers' event log:
 * `crashed`, placeholder items), then as on a fresh disk (n8n fails the stalled jobs: `error`,
 * no run data). Afterwards every alert created reached HEC and the CEF collector, exactly once
 * after dedupe (HEC by `event_id`), the lost executions are gone (replayed once, never retried)
 * and the replays ran on workers. The raw re-send count is reported: the replay window
 * reaches back replayMarginMinutes (8) before the lost poll, so it re-sends what neighbouring
 * polls delivered. The sweep runs every 20 s with a 15 s first delay (shipped: 2 min, 1 min).
 */
import { HecReceiver, startHecReceiver } from '../receivers/splunkHec';
import { Sandbox, startSandbox } from '../sandbox/server';
import { AlertLedger, defaultCustomers } from './alertLedger';
import {
	activateSiemWithRedelivery,
	credentialsFor,
	n8nApiCredential,
	redeliveryWorkflowFor,
	SIEM_WORKFLOW_ID,
	siemWorkflowFor,
} from './exampleWorkflows';
import { allExecutions } from './executionPages';
import { waitUntil } from './executions';
import { N8nHost, startN8n } from './n8nHost';
import { packageTarball } from './packageUnderTest';
import { sleep } from './processes';
import { ranOnWorkers, record } from './queueProbes';
import {
	asItems,
	cefAlert,
	hecAlert,
	KilledPoll,
	killPollMidDelivery,
	sweepDecisions,
} from './replayProbes';
import { QueueServices, startQueueServices } from './queueServices';

const MINUTE = 60_000;
const TIMING = { sweepSeconds: 20, baseDelayMinutes: 0.25, maxDelayMinutes: 1 };
/** Bull's lock and stalled check shortened as in queueMode.e2e.ts (n8n: 60 s / 30 s). */
const BULL_ENV = {
	QUEUE_WORKER_LOCK_DURATION: '20000',
	QUEUE_WORKER_LOCK_RENEW_TIME: '5000',
	QUEUE_WORKER_STALLED_INTERVAL: '10000',
};

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
		await activateSiemWithRedelivery(host, sb);
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

			const collectors = { hec, cef };
			const covered = async () =>
				ledger.covers(asItems(hec.events().map(hecAlert))) &&
				ledger.covers(asItems(cef.rawLines().map(cefAlert)));
			const phases: Array<KilledPoll & { deliveredS: number }> = [];
			for (const [label, freshDisk] of [
				['killed, same disk', false],
				['killed, fresh disk', true],
			] as const) {
				const killed = await killPollMidDelivery(h, collectors, ledger, tenants, label, freshDisk);
				// None of the poll at either collector when n8n settled it: the kill lost them.
				expect({ label, ...killed.early }).toEqual({ label, hec: 0, cef: 0 });
				await ledger.create(tenants, 1, `after ${label}`);
				const from = Date.now();
				// The next phase starts once this one's replay delivered, outside its window's reach.
				await waitUntil(
					`every alert of "${label}" at both collectors`,
					covered,
					Boolean,
					4 * MINUTE,
				);
				phases.push({ ...killed, deliveredS: Math.round((Date.now() - from) / 1000) });
			}
			const killedIds = phases.flatMap((p) => p.killedIds);
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
				phases: phases.map((p) => ({ ...p, killedIds: undefined })),
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
				suiteS: Math.round((Date.now() - t0) / 1000),
			};
			record('replay', figures);

			// Each phase: the HEC and the CEF delivery of the poll, both lost to n8n, neither at its
			// collector before the sweep acted.
			for (const [i, p] of phases.entries()) {
				expect(p.killedIds).toHaveLength(2);
				expect(p.early).toEqual({ hec: 0, cef: 0 });
				for (const l of p.lost) {
					expect(['error', 'crashed']).toContain(l.status);
					expect(l.realTriggerItems).toBe(0);
					// A fresh disk: nothing to rebuild from, the stalled job failed with no run data.
					if (i === 1) expect([l.status, l.nodes]).toEqual(['error', 0]);
				}
			}
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
