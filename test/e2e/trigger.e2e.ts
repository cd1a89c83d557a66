/**
 * The e-mail routing example (examples/email-routing.json) published in a real n8n: the Alert
 * Trigger polls the sandbox's three customer tenants every minute and the workflow mails High
 * alerts to on-call at once and the rest as one digest per poll. Alerts keep arriving while n8n
 * is stopped and restarted; afterwards every alert created since activation has been emitted
 * exactly once, attributed to its own tenant, and mailed to the right group with every field
 * HTML-escaped.
 */
import type { DefenderAlert } from '../../nodes/shared/alerts/types';
import type { SmtpReceiver } from '../receivers/smtp';
import { generateAlerts } from '../sandbox/defender/generator';
import type { Sandbox } from '../sandbox/server';
import { EMAIL_WORKFLOW_ID, readExample } from './exampleWorkflows';
import { emittedBy, waitUntil } from './executions';
import type { N8nHost } from './n8nHost';
import { startExampleStage } from './stage';
import type { ExampleStage } from './stage';
import { sleep } from './processes';

const TRIGGER = 'New Defender alert';
/** Polls run on the minute; allow two of them plus a busy machine's slack. */
const POLLS_MS = 150_000;
const INJECTION = '<script>alert("x")</script>"><img src=x onerror=alert(1)>';

describe('Alert Trigger e-mail routing in a real n8n, across a restart', () => {
	let sb: Sandbox;
	let smtp: SmtpReceiver;
	let host: N8nHost | undefined;
	let batch = 0;
	const created = new Map<string, { tenantId: string; severity: string }>();

	/** Inserts `count` alerts created "now" (sandbox clock) in a tenant; the first one is High. */
	async function createAlerts(
		tenantId: string,
		count: number,
		title?: string,
	): Promise<DefenderAlert[]> {
		const now = (await sb.control.clock()).now;
		batch++;
		const alerts = generateAlerts({
			seed: 500 + batch,
			count,
			tenantId,
			startTime: now - 2000,
			endTime: now - 1000,
		}).map((a, i) => ({
			...a,
			severity: i === 0 ? 'High' : a.severity === 'High' ? 'Medium' : a.severity,
			...(title ? { title } : {}),
		}));
		await sb.control.insertAlerts(tenantId, alerts);
		for (const a of alerts) created.set(String(a.id), { tenantId, severity: String(a.severity) });
		return alerts;
	}

	const emitted = () => emittedBy(host as N8nHost, EMAIL_WORKFLOW_ID, TRIGGER);
	const coversAll = (items: Array<{ json: Record<string, unknown> }>) => {
		const ids = new Set(items.map((i) => String(i.json.id)));
		return [...created.keys()].every((id) => ids.has(id));
	};

	let stage: ExampleStage | undefined;

	beforeAll(async () => {
		stage = await startExampleStage({
			// History before activation: the trigger starts from "now" and must not mail any of it.
			prepare: async (fresh) => {
				const now = (await fresh.control.clock()).now;
				for (const t of [fresh.tenants.fabrikam, fresh.tenants.northwind, fresh.tenants.tailspin]) {
					await fresh.control.seedAlerts(t.id, {
						count: 15,
						seed: 9,
						startTime: now - 86_400_000,
						endTime: now - 60_000,
					});
				}
			},
			workflows: () => [readExample('email-routing.json')],
			activate: [{ id: EMAIL_WORKFLOW_ID, polls: 3 }],
		});
		({ sb, smtp, host } = stage);
	});

	afterAll(async () => stage?.stop());

	it('emits and mails every new alert exactly once, escaped, across a restart', async () => {
		const h = host as N8nHost;
		// Activation polled once and set the cursor at "now": nothing from history was emitted.
		expect(await emitted()).toEqual([]);

		// Batch 1, while n8n runs: one alert whose title is an HTML injection attempt.
		await createAlerts(sb.tenants.fabrikam.id, 1, INJECTION);
		await createAlerts(sb.tenants.northwind.id, 4);
		await waitUntil('the first batch to be emitted', emitted, coversAll, POLLS_MS);

		// Batch 2 right before a stop, batch 3 while n8n is down: both must arrive after the restart.
		await createAlerts(sb.tenants.tailspin.id, 3);
		await h.stop({ keepFolder: true });
		await createAlerts(sb.tenants.fabrikam.id, 3);
		await h.start(); // same folder and encryption key: the API key made before still works
		await createAlerts(sb.tenants.northwind.id, 2);
		const items = await waitUntil(
			'every batch to be emitted after the restart',
			emitted,
			coversAll,
			POLLS_MS,
		);
		// One more poll: nothing may be emitted twice once the cursor has moved on.
		await sleep(65_000);
		const final = await emitted();

		const ids = final.map((i) => String(i.json.id));
		const duplicated = ids.filter((id, i) => ids.indexOf(id) !== i);
		expect(duplicated).toEqual([]);
		expect(new Set(ids)).toEqual(new Set(created.keys()));
		expect(final.length).toBe(items.length);
		for (const item of final) {
			expect(item.json.tenantId).toBe(created.get(String(item.json.id))?.tenantId);
		}

		// Mails: one on-call mail per High alert, the rest in digests; all escaped.
		const highs = [...created.values()].filter((a) => a.severity === 'High').length;
		const others = created.size - highs;
		const mails = await smtp.waitForMails(highs + 1, 30_000);
		const onCall = mails.filter((m) => m.to.includes('soc-oncall@mssp.example'));
		const digests = mails.filter((m) => m.to.includes('soc-analysts@mssp.example'));
		expect(onCall).toHaveLength(highs);
		const digested = digests.reduce(
			(n, m) => n + Number(/\] (\d+) alert/.exec(m.subject)?.[1] ?? 0),
			0,
		);
		expect(digested).toBe(others);
		const injected = onCall.find((m) => m.text.includes('<script>alert("x")</script>'));
		expect(injected).toBeDefined();
		for (const m of mails) {
			expect(m.html).not.toMatch(/<script|<img/i);
		}
		expect(injected?.html).toContain('&lt;script&gt;');
	}, 900_000);
});
