/**
 * What the browser tests and `npm run screenshots` stand on: the sandbox tenant (alerts seeded in
 * Fabrikam), a real n8n with this package, the MSSP App, SMTP and n8n API credentials, every example
 * workflow plus a small "Fetch alerts with OAuth2" workflow, the owner account, and headless
 * chromium trusting the sandbox's certificate only.
 */
import type { Browser } from 'playwright-core';

import { startSandbox, Sandbox } from '../sandbox/server';
import { credentialsFor, n8nApiCredential, readExample } from '../e2e/exampleWorkflows';
import { N8nHost, N8nWorkflow, startN8n } from '../e2e/n8nHost';
import { OWNER } from '../e2e/restApi';
import { launchChromium, servedCertificate } from './chromium';

export const EXAMPLES = [
	'customer-onboarding.json',
	'alert-to-siem.json',
	'email-routing.json',
	'soar-isolate-and-block.json',
	'siem-redelivery.json',
];
export const OAUTH_WORKFLOW_ID = 'browserOAuth2Get1';
/**
 * The same workflow again, for a second test: n8n opens a workflow read-only while another tab
 * (even one just closed) still holds its edit lock.
 */
export const OAUTH_SECOND_WORKFLOW_ID = 'browserOAuth2Get2';
export const OAUTH_THIRD_WORKFLOW_ID = 'browserOAuth2Get3';
export const OAUTH_FETCH_NODE = 'Fetch alerts';
/** Alerts seeded in the tenant the OAuth2 credential signs in to. */
export const SEEDED_ALERTS = 6;
/** n8n's OAuth2 callback path (n8n 2.41: `<instance base URL>/rest/oauth2-credential/callback`). */
export const OAUTH_CALLBACK_PATH = '/rest/oauth2-credential/callback';
/** The example workflows never send mail here; the SMTP credential only has to exist. */
const UNUSED_SMTP_PORT = 2525;

export interface Stage {
	sb: Sandbox;
	host: N8nHost;
	browser: Browser;
	owner: { email: string; password: string };
	stop(): Promise<void>;
}

/** Manual trigger → Fetch Alerts (Get Many) signed in through the OAuth2 credential (picked in the UI). */
function oauthWorkflow(id: string, name: string): N8nWorkflow {
	return {
		id,
		name,
		nodes: [
			{
				name: 'Run once now',
				type: 'n8n-nodes-base.manualTrigger',
				typeVersion: 1,
				position: [0, 0],
				parameters: {},
			},
			{
				name: OAUTH_FETCH_NODE,
				type: 'n8n-nodes-defender-mssp.defenderFetchAlerts',
				typeVersion: 1,
				position: [260, 0],
				parameters: {
					authentication: 'defenderMsspOAuth2Api',
					resource: 'alert',
					operation: 'getAll',
					limit: 20,
				},
			},
		],
		connections: {
			'Run once now': { main: [[{ node: OAUTH_FETCH_NODE, type: 'main', index: 0 }]] },
		},
		settings: { executionOrder: 'v1' },
	};
}

export async function startStage(packageTarball: string): Promise<Stage> {
	const sb = await startSandbox();
	let host: N8nHost | undefined;
	let browser: Browser | undefined;
	try {
		const now = (await sb.control.clock()).now;
		await sb.control.seedAlerts(sb.tenants.fabrikam.id, {
			count: SEEDED_ALERTS,
			seed: 77,
			startTime: now - 6 * 3_600_000,
			endTime: now - 60_000,
		});
		host = await startN8n({ packageTarball, env: { NODE_EXTRA_CA_CERTS: sb.caPath } });
		// The redelivery example's n8n API credential: present so the editor draws it, never used.
		await host.importCredentials([
			...credentialsFor(sb, UNUSED_SMTP_PORT),
			n8nApiCredential('unused-in-the-browser-tests', `${host.baseUrl}/api/v1`),
		]);
		await host.importWorkflows([
			...EXAMPLES.map(readExample),
			oauthWorkflow(OAUTH_WORKFLOW_ID, 'Fetch alerts with OAuth2 (one customer tenant)'),
			oauthWorkflow(OAUTH_SECOND_WORKFLOW_ID, 'Fetch alerts with OAuth2 (second try)'),
			oauthWorkflow(OAUTH_THIRD_WORKFLOW_ID, 'Fetch alerts with OAuth2 (third try)'),
		]);
		await host.start();
		await host.setupOwnerAndApiKey();
		browser = await launchChromium({
			trustCertificates: [await servedCertificate(sb.origin, sb.caPem)],
		});
	} catch (error) {
		await browser?.close();
		await host?.stop();
		await sb.stop();
		throw error;
	}
	const started = { host, browser };
	return {
		sb,
		host,
		browser,
		owner: OWNER,
		async stop() {
			await started.browser.close().catch(() => undefined);
			await started.host.stop();
			await sb.stop();
		},
	};
}
