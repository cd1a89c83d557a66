/**
 * The shipped example workflows in a real n8n (the package installed from its npm-pack tarball)
 * against the sandbox tenant and real receivers: alert-to-SIEM delivers every alert of the fetch
 * window exactly once to Splunk HEC (with tenant fields) and as CEF lines that rsyslog's
 * liblognorm CEF parser accepts (through its manual backfill, `n8n execute`); a batch the collector
 * refuses for good goes to the dead-letter branch, one it cannot take now fails the execution at a
 * node that POSTs (what the SIEM redelivery workflow retries; siemOutage.e2e.ts).
 */
import { hecError, startHecReceiver, HecReceiver } from '../receivers/splunkHec';
import { startRsyslog } from '../receivers/rsyslog';
import { startSmtpReceiver, SmtpReceiver } from '../receivers/smtp';
import { startSandbox, Sandbox } from '../sandbox/server';
import { tlsMaterial } from '../sandbox/tls';
import { credentialsFor, readExample, SIEM_WORKFLOW_ID, siemWorkflowFor } from './exampleWorkflows';
import { N8nHost, nodeOutput, startN8n } from './n8nHost';
import { packageTarball } from './packageUnderTest';

const RECENT = 60;

function epoch(ts: unknown): number {
	return Date.parse(String(ts).replace(/(\.\d{3})\d+/, '$1'));
}

describe('example workflows in a real n8n', () => {
	let sb: Sandbox;
	let hec: HecReceiver;
	let cef: HecReceiver;
	let smtp: SmtpReceiver;
	let host: N8nHost | undefined;

	beforeAll(async () => {
		sb = await startSandbox();
		const now = (await sb.control.clock()).now;
		for (const [i, t] of [
			sb.tenants.fabrikam,
			sb.tenants.northwind,
			sb.tenants.tailspin,
		].entries()) {
			await sb.control.seedAlerts(t.id, {
				count: 20,
				seed: 40 + i,
				startTime: now - 3 * 86_400_000,
				endTime: now - 86_400_000,
			});
			await sb.control.seedAlerts(t.id, {
				count: RECENT,
				seed: 4 + i,
				startTime: now - 4 * 60_000,
				endTime: now - 30_000,
			});
		}
		hec = await startHecReceiver();
		const tls = tlsMaterial();
		cef = await startHecReceiver({ tls: { key: tls.keyPem, cert: tls.certPem } });
		smtp = await startSmtpReceiver();
		host = await startN8n({
			packageTarball: packageTarball(),
			env: { NODE_EXTRA_CA_CERTS: sb.caPath },
		});
		await host.importCredentials(credentialsFor(sb, smtp.port));
		await host.importWorkflows([siemWorkflowFor(hec, cef.url), readExample('email-routing.json')]);
	});

	afterAll(async () => {
		await host?.stop();
		await Promise.all([hec?.stop(), cef?.stop(), smtp?.stop(), sb?.stop()]);
	});

	it('alert-to-SIEM delivers the fetch window to HEC exactly once and as parseable CEF', async () => {
		const started = Date.now();
		const run = await (host as N8nHost).execute(SIEM_WORKFLOW_ID);
		expect(run.data.resultData.error).toBeUndefined();

		const customers = [sb.tenants.fabrikam, sb.tenants.northwind, sb.tenants.tailspin];
		const expected = new Set<string>();
		for (const t of customers) {
			for (const a of await sb.control.alerts(t.id)) {
				const u = epoch(a.lastUpdateTime);
				if (u >= started - 10 * 60_000 && u <= Date.now()) expected.add(String(a.id));
			}
		}
		expect(expected.size).toBe(3 * RECENT);

		const events = hec.events();
		const ids = events.map((e) => String((e.event as { id?: unknown }).id));
		expect(ids).toHaveLength(expected.size);
		expect(new Set(ids)).toEqual(expected);
		const tenantIds = new Set(customers.map((t) => t.id));
		for (const e of events) {
			const ev = e.event as { tenantId?: string; tenantLabel?: string };
			expect(tenantIds.has(ev.tenantId as string)).toBe(true);
			expect(typeof ev.tenantLabel).toBe('string');
		}
		expect(hec.requests().every((r) => r.headers.authorization === `Splunk ${hec.token}`)).toBe(
			true,
		);
		expect(run.data.resultData.runData['Dead letter (HEC)']).toBeUndefined();
		expect(nodeOutput(run, 'Batch HEC envelopes').reduce((n, b) => n + Number(b.count), 0)).toBe(
			expected.size,
		);

		const lines = cef.rawLines();
		expect(lines).toHaveLength(expected.size);
		const rsyslog = await startRsyslog();
		try {
			const ts = new Date().toISOString();
			await rsyslog.send(
				lines.map((l) => {
					const msg = `<134>1 ${ts} mssp-n8n defender - - - ${l}`;
					return `${Buffer.byteLength(msg)} ${msg}`;
				}),
			);
			const { ok, failed } = await rsyslog.waitFor(lines.length, 60000);
			expect(failed).toEqual([]);
			expect(ok).toHaveLength(lines.length);
			expect(new Set(ok.map((m) => m.cef?.DeviceVendor))).toEqual(new Set(['Microsoft']));
		} finally {
			await rsyslog.stop();
		}
	});

	it('alert-to-SIEM sends a batch the collector refuses for good to the dead-letter branch', async () => {
		hec.clear();
		// HEC code 6, "Invalid data format": sending the same batch again never helps.
		hec.failNext(10, hecError(6, 0));
		const run = await (host as N8nHost).execute(SIEM_WORKFLOW_ID);
		const dead = nodeOutput(run, 'Dead letter (HEC)');
		expect(dead.length).toBeGreaterThan(0);
		expect(dead[0]).toMatchObject({ deadLetter: true, destination: 'splunkHec', status: 400 });
		expect(JSON.parse(String(dead[0].reply))).toMatchObject({ code: 6 });
		expect(Number(dead[0].alertCount)).toBeGreaterThan(0);
		expect((dead[0].eventIds as string[]).length).toBe(Number(dead[0].alertCount));
		expect(run.data.resultData.runData['Send again or fail (HEC)']).toBeUndefined();
		expect(hec.events()).toHaveLength(0);
	});

	it('alert-to-SIEM fails the run when the collector is busy, so that it can be retried', async () => {
		hec.clear();
		hec.outage({ code: 9 });
		try {
			await expect((host as N8nHost).execute(SIEM_WORKFLOW_ID)).rejects.toThrow(/exited with/);
		} finally {
			hec.outage(null);
		}
		// The first POST and the one sent again, both refused; nothing reached the dead letter.
		const posts = hec.requests().filter((r) => r.path === '/services/collector/event');
		expect(posts.length).toBeGreaterThanOrEqual(2);
		expect(posts.every((r) => r.status === 503)).toBe(true);
		expect(hec.events()).toHaveLength(0);
	});
});
