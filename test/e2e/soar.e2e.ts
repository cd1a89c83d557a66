/**
 * The SOAR example (examples/soar-isolate-and-block.json) published in a real n8n: a new High
 * alert in a customer tenant gets its machine isolated (waiting for the action to succeed), the
 * file's SHA256 blocked for 30 days, the alert set In Progress with a comment, and the analyst
 * mailed; a Medium alert created at the same time is left alone.
 */
import type { AlertEvidence, DefenderAlert } from '../../nodes/shared/alerts/types';
import type { SmtpReceiver } from '../receivers/smtp';
import { generateAlerts } from '../sandbox/defender/generator';
import type { Sandbox } from '../sandbox/server';
import { readExample, SOAR_WORKFLOW_ID } from './exampleWorkflows';
import { startExampleStage } from './stage';
import type { ExampleStage } from './stage';

/** A poll on the minute, the isolation's wait (15 s checks), the rest of the chain. */
const RESPONSE_MS = 240_000;

/** Defender sends evidence as an array or, for a single entity, as one object. */
const sha256Of = (a: DefenderAlert) =>
	([] as AlertEvidence[]).concat(a.evidence ?? []).find((e) => e.sha256)?.sha256;

describe('SOAR example in a real n8n: isolate, block, update, mail', () => {
	let sb: Sandbox;
	let smtp: SmtpReceiver;
	let stage: ExampleStage | undefined;

	beforeAll(async () => {
		stage = await startExampleStage({
			workflows: () => [readExample('soar-isolate-and-block.json')],
			activate: [{ id: SOAR_WORKFLOW_ID, polls: 3 }],
		});
		({ sb, smtp } = stage);
	});

	afterAll(async () => stage?.stop());

	it(
		'responds to the High alert only, end to end',
		async () => {
			const tenantId = sb.tenants.northwind.id;
			const now = (await sb.control.clock()).now;
			const candidates = generateAlerts({
				seed: 77,
				count: 60,
				tenantId,
				startTime: now - 3000,
				endTime: now - 1000,
			});
			const high = candidates.find((a) => a.machineId && sha256Of(a));
			const medium = candidates.find(
				(a) => a !== high && a.machineId && a.machineId !== high?.machineId,
			);
			if (!high || !medium)
				throw new Error('generator gave no alert with a machine and a file hash');
			await sb.control.insertAlerts(tenantId, [
				{ ...high, severity: 'High', status: 'New' },
				{ ...medium, severity: 'Medium', status: 'New' },
			]);

			const [mail] = await smtp.waitForMails(1, RESPONSE_MS);
			const machine = (await sb.control.machines(tenantId)).find((m) => m.id === high.machineId);
			expect(mail.to).toEqual(['analyst@mssp.example']);
			expect(mail.subject).toContain(`Isolated ${machine?.computerDnsName}`);
			expect(mail.text).toContain(`High severity alert ${high.id}`);
			expect(mail.text).toContain('Isolation: Succeeded');
			expect(mail.text).toContain(`Indicator: ${sha256Of(high)} blocked until`);

			const indicators = await sb.control.indicators(tenantId);
			expect(indicators.map((i) => [i.indicatorValue, i.indicatorType, i.action])).toEqual([
				[sha256Of(high), 'FileSha256', 'BlockAndRemediate'],
			]);
			const alerts = await sb.control.alerts(tenantId);
			const updated = alerts.find((a) => a.id === high.id);
			expect(updated?.status).toBe('InProgress');
			expect(JSON.stringify(updated?.comments ?? [])).toContain('n8n isolated');
			expect(alerts.find((a) => a.id === medium.id)?.status).toBe('New');

			const isolations = (await sb.control.requests(500)).filter(
				(r) => r.method === 'POST' && /\/isolate$/.test(r.path),
			);
			expect(isolations.map((r) => r.path)).toEqual([`/api/machines/${high.machineId}/isolate`]);
			expect(smtp.mails()).toHaveLength(1);
		},
		RESPONSE_MS + 60_000,
	);
});
