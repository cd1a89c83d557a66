/**
 * The customer-onboarding example (examples/customer-onboarding.json) published in a real n8n,
 * with the two human clicks played by the test: the MSSP analyst submits the n8n form, the
 * customer's administrator accepts the sandbox's admin-consent page from the mailed link. The
 * redirect lands on the workflow's webhook, which records the consent, verifies access and mails
 * the MSSP the report (only the Defender-portal authorization left to do); a replay of the same
 * redirect (the administrator reloading the page) is rejected by Complete Consent, gets a plain
 * page instead of n8n's "Error in workflow", and mails nobody.
 */
import type { SmtpReceiver } from '../receivers/smtp';
import { signIn } from '../sandbox/client';
import type { Sandbox } from '../sandbox/server';
import { ONBOARDING_WORKFLOW_ID, readExample } from './exampleWorkflows';
import { callWebhook, waitUntil } from './executions';
import type { N8nHost } from './n8nHost';
import { startExampleStage } from './stage';
import type { ExampleStage } from './stage';

const CONSENT_PATH = '/webhook/defender-consent';

describe('customer onboarding in a real n8n: form, consent, verification', () => {
	let sb: Sandbox;
	let smtp: SmtpReceiver;
	let host: N8nHost | undefined;
	let formPath: string;

	let stage: ExampleStage | undefined;

	beforeAll(async () => {
		stage = await startExampleStage({
			// What the MSSP registers on its app: n8n's consent webhook (Entra ignores a localhost port).
			prepare: (fresh) => {
				fresh.apps.mssp.redirectUris.push(`http://localhost${CONSENT_PATH}`);
			},
			workflows: (n8n) => {
				const wf = readExample('customer-onboarding.json');
				for (const node of wf.nodes) {
					if (node.name === 'Create Consent Link')
						node.parameters.redirectUri = `http://localhost:${n8n.port}${CONSENT_PATH}`;
				}
				formPath = `/form/${wf.nodes.find((n) => n.name === 'Onboarding Form')?.webhookId}`;
				return [wf];
			},
			activate: [{ id: ONBOARDING_WORKFLOW_ID }],
		});
		({ sb, smtp, host } = stage);
	});

	afterAll(async () => stage?.stop());

	it('onboards a tenant that had not consented, in two clicks', async () => {
		const h = host as N8nHost;
		const tenant = sb.tenants.woodgrove;

		// Click 1 (MSSP analyst): the n8n form.
		const form = new FormData();
		form.append('field-0', 'Woodgrove Bank');
		form.append('field-1', tenant.domain);
		form.append('field-2', 'admin@woodgrovebank.example');
		const submitted = await callWebhook(`${h.baseUrl}${formPath}`, { method: 'POST', body: form });
		expect(submitted.status).toBe(200);

		const [invite] = await smtp.waitForMails(1, 60_000);
		expect(invite.to).toEqual(['admin@woodgrovebank.example']);
		expect(invite.subject).toBe('Please authorize Contoso MSSP for Woodgrove Bank');
		const consentUrl = /https:\/\/\S+adminconsent\S+/.exec(invite.text)?.[0];
		expect(consentUrl).toBeDefined();

		// Click 2 (customer admin): Accept on the consent page; the browser follows the redirect.
		const accepted = await signIn(consentUrl as string, sb.caPem, { action: 'accept' });
		expect(accepted.params.get('admin_consent')).toBe('True');
		const redirect = `${h.baseUrl}${CONSENT_PATH}?${accepted.params.toString()}`;
		const landing = await callWebhook(redirect);
		expect(landing.status).toBe(200);
		expect(await landing.text()).toBe(
			'Thank you, the consent was recorded. You can close this window.',
		);

		const mails = await smtp.waitForMails(2, 120_000);
		const report = mails[1];
		expect(report.to).toEqual(['soc@mssp.example']);
		// Consent alone does not let the app read alerts: the customer must still authorize it in
		// the Defender portal. The report says so, and nothing else (the sandbox models that step).
		expect(report.subject).toBe(`Onboarding needs action: tenant ${tenant.id}`);
		const failed = report.text.split('\n').filter((line) => line.startsWith('[FAILED]'));
		expect(failed).toEqual([expect.stringMatching(/^\[FAILED\] portalAuthorization: /)]);
		expect(report.text).toMatch(/\[ok\] token: /);
		expect(report.text).toMatch(/Fix: .*SIEM → MSSP tab.*Authorize application/);

		// The same redirect again (a reload, or a replayed link) must not count as a consent: Complete
		// Consent rejects it, its error goes on to Answer the Admin (On Error → Continue), and the
		// Outcome switch routes it nowhere, so the admin reads a sentence and nobody is mailed.
		const replay = await fetch(redirect);
		expect(replay.status).toBe(200);
		const page = await replay.text();
		expect(page).toMatch(/^This consent link was already used or is no longer valid\./);
		expect(page).not.toContain('Error in workflow');
		// Respond to Webhook answers before the execution ends: wait for it to be saved, finished.
		await waitUntil(
			"the replayed redirect's execution to finish",
			() => h.executions(ONBOARDING_WORKFLOW_ID),
			(runs) =>
				runs.some(
					(run) =>
						run.status === 'success' &&
						JSON.stringify(run.data).includes('Consent redirect rejected: replayed state'),
				),
			60_000,
		);
		expect(smtp.mails()).toHaveLength(2);
	}, 600_000);
});
