/**
 * Issue 18, "Delivery to the SIEM survives outages", in a real n8n 2.41.1: the alert-to-SIEM
 * example (two Alert Triggers, HEC and CEF) and the SIEM redelivery example, both published. The
 * HEC collector answers 503 (code 9, "Server is busy") for four polls, n8n is stopped and started
 * in the middle of it, then the collector recovers. Every alert created meanwhile must reach HEC,
 * each exactly once after `| dedup event_id`, and nothing may be left to retry. The raw re-send
 * count (what HEC received twice, before dedupe) is reported. The sweep runs every 20 s with a
 * 15 s base delay and a 1 minute cap instead of 2 min / 1 min / 60 min, to fit the suite's time.
 */
import { startHecReceiver, HecEvent, HecReceiver } from '../receivers/splunkHec';
import { startSandbox, Sandbox } from '../sandbox/server';
import { tlsMaterial } from '../sandbox/tls';
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
import { emittedBy, waitUntil } from './executions';
import { N8nHost, startN8n } from './n8nHost';
import { packageTarball } from './packageUnderTest';
import { sleep } from './processes';

const HEC_TRIGGER = 'New alert (Splunk HEC)';
const CEF_TRIGGER = 'New alert (CEF)';
const TIMING = { sweepSeconds: 20, baseDelayMinutes: 0.25, maxDelayMinutes: 1 };
/** A poll on the minute plus a busy machine's slack. */
const POLL_MS = 150_000;

const alertKey = (e: HecEvent) => {
	const ev = e.event as { tenantId?: string; id?: string };
	return `${String(ev.tenantId)}/${String(ev.id)}`;
};

describe('SIEM outage: every alert reaches Splunk HEC once after dedupe, across a restart', () => {
	let sb: Sandbox;
	let hec: HecReceiver;
	let cef: HecReceiver;
	let host: N8nHost | undefined;
	const t0 = Date.now();

	beforeAll(async () => {
		sb = await startSandbox();
		const now = (await sb.control.clock()).now;
		// History before activation: behind the triggers' starting cursor, never delivered.
		for (const t of defaultCustomers(sb)) {
			await sb.control.seedAlerts(t.tenantId, {
				count: 5,
				seed: 31,
				startTime: now - 86_400_000,
				endTime: now - 60_000,
			});
		}
		hec = await startHecReceiver();
		const tls = tlsMaterial();
		cef = await startHecReceiver({ tls: { key: tls.keyPem, cert: tls.certPem } });
		host = await startN8n({
			packageTarball: packageTarball(),
			env: { NODE_EXTRA_CA_CERTS: sb.caPath },
		});
		await host.importCredentials(credentialsFor(sb, 2525));
		await host.importWorkflow(siemWorkflowFor(hec, cef.url));
		// The redelivery workflow's credential holds an API key, which needs a running n8n.
		await host.start();
		const apiKey = await host.setupOwnerAndApiKey();
		const apiUrl = `${host.baseUrl}/api/v1`;
		await host.stop({ keepFolder: true });
		await host.importCredentials([n8nApiCredential(apiKey, apiUrl)]);
		await host.importWorkflow(redeliveryWorkflowFor(apiUrl, [SIEM_WORKFLOW_ID], TIMING));
		await host.start();
		await activateSiemWithRedelivery(host, sb);
	});

	afterAll(async () => {
		await host?.stop();
		await Promise.all([hec?.stop(), cef?.stop(), sb?.stop()]);
		expect(host?.processes() ?? []).toEqual([]);
	});

	it('delivers every alert created during the outage, none twice after dedupe', async () => {
		const h = host as N8nHost;
		const ledger = new AlertLedger(sb, 700);
		const customers = defaultCustomers(sb);
		const emitted = () => emittedBy(h, SIEM_WORKFLOW_ID, HEC_TRIGGER);
		const polled = (label: string) =>
			waitUntil(`the poll of "${label}"`, emitted, (items) => ledger.covers(items), POLL_MS);

		const outageFrom = Date.now();
		hec.outage({ code: 9 });
		let polls = 0;
		for (const label of ['outage-1', 'outage-2']) {
			await ledger.create(customers, 3, label);
			await polled(label);
			polls++;
		}
		// n8n stops during the outage, alerts arrive while it is down, and it starts again.
		await h.stop({ keepFolder: true });
		await ledger.create(customers, 3, 'while-n8n-down');
		await h.start();
		await polled('while-n8n-down');
		polls++;
		await ledger.create(customers, 3, 'after-restart');
		await polled('after-restart');
		polls++;
		// Let the sweep retry after the restart too, while the collector still refuses.
		await sleep(40_000);
		const outageMs = Date.now() - outageFrom;
		expect(hec.events()).toEqual([]);
		const refused = hec.requests().filter((r) => r.status === 503).length;
		const duringOutage = await allExecutions(h, SIEM_WORKFLOW_ID);
		const failedRetries = duringOutage.filter((e) => e.mode === 'retry' && e.status === 'error');
		expect(failedRetries.length).toBeGreaterThan(0);

		const recoveredAt = Date.now();
		hec.outage(null);
		const delivered = () => Promise.resolve(hec.events());
		const covers = (events: HecEvent[]) => {
			const got = new Set(events.map(alertKey));
			return ledger.covers([...got].map((k) => ({ executionId: '', json: keyJson(k) })));
		};
		await waitUntil('every alert to reach HEC after recovery', delivered, covers, 300_000);
		const recoveryMs = Date.now() - recoveredAt;
		// A sweep more: nothing may still be in flight or left to retry.
		await sleep(45_000);

		const events = hec.events();
		const byEventId = new Map<string, HecEvent[]>();
		for (const e of events) {
			const id = String(e.fields?.event_id);
			byEventId.set(id, [...(byEventId.get(id) ?? []), e]);
			// The key is this alert version's: tenant and alert id in front.
			const ev = e.event as { tenantId?: string; id?: string };
			expect(id.startsWith(`${String(ev.tenantId)}:${String(ev.id)}:`)).toBe(true);
		}
		// After `| dedup event_id`: one event per created alert, no other alert, no alert twice.
		const deduped = [...byEventId.values()].map((list) => list[0]);
		const alerts = deduped.map(alertKey);
		expect(new Set(alerts).size).toBe(alerts.length);
		expect(alerts.length).toBe(ledger.size);
		expect(
			ledger.report(deduped.map((e) => ({ executionId: '', json: keyJson(alertKey(e)) }))),
		).toMatchObject({ missing: 0, unexpected: 0, duplicateItems: 0 });

		// Nothing left to deliver: every failed execution was retried and its chain succeeded.
		const all = await allExecutions(h, SIEM_WORKFLOW_ID);
		const children = new Set(all.map((e) => e.retryOf).filter((id) => id !== null));
		const heads = all.filter(
			(e) =>
				(e.status === 'error' || e.status === 'crashed') &&
				e.retrySuccessId === null &&
				!children.has(e.id),
		);
		expect(heads.map((e) => e.id)).toEqual([]);
		const retries = all.filter((e) => e.mode === 'retry');

		// CEF never went down: every alert once there too (its dedupe key: cs2 + externalId + time).
		const cefEmitted = await emittedBy(h, SIEM_WORKFLOW_ID, CEF_TRIGGER);
		expect(ledger.report(cefEmitted)).toMatchObject({ missing: 0, unexpected: 0 });

		const figures = {
			createdDuringOutage: ledger.size,
			hecPollsRefused: polls,
			outageSeconds: Math.round(outageMs / 1000),
			refusedRequests: refused,
			failedRetriesDuringOutage: failedRetries.length,
			retryExecutions: retries.length,
			succeededRetries: retries.filter((e) => e.status === 'success').length,
			hecEventsRaw: events.length,
			hecEventsAfterDedupe: deduped.length,
			rawResends: events.length - deduped.length,
			hecRequestsAccepted: hec.requests().filter((r) => r.status === 200).length,
			recoverySeconds: Math.round(recoveryMs / 1000),
			cefLines: cef.rawLines().length,
			suiteSeconds: Math.round((Date.now() - t0) / 1000),
		};
		process.stdout.write(`SIEM_OUTAGE ${JSON.stringify(figures)}\n`);
		expect(polls).toBeGreaterThanOrEqual(3);
	}, 900_000);
});

function keyJson(key: string): Record<string, unknown> {
	const [tenantId, id] = key.split('/');
	return { tenantId, id };
}
