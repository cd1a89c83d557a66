/**
 * A real browser (Debian's headless chromium) in a real n8n 2.41.1 with this package: the owner
 * signs in, creates the Microsoft Defender MSSP OAuth2 API credential from a Fetch Alerts node,
 * connects it through the sign-in/consent popup (the sandbox's page), and runs the node: the
 * customer tenant's alerts show in the output table. Cancel on the consent page leaves the
 * credential unconnected and shows the reason; a plain-http login URL sends the popup to a host
 * that names the problem. Every example workflow opens on the canvas.
 * Screenshots go to test/.out/browser/ (`npm run screenshots` makes the README's).
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';

import type { BrowserContext, Page } from 'playwright-core';

import { readExample } from '../e2e/exampleWorkflows';
import { packageTarball } from '../e2e/packageUnderTest';
import {
	closeDialog,
	errorToasts,
	executeNode,
	openWorkflow,
	outputTable,
	signedInContext,
} from './editor';
import { connectAndAnswer, fillOAuth2Credential } from './oauthCredential';
import {
	connectFetchNodeWithOAuth2,
	newCredentialDialog,
	oauth2Input,
	registerRedirect,
	reopenConnectedCredential,
} from './scenes';
import {
	EXAMPLES,
	OAUTH_CALLBACK_PATH,
	OAUTH_SECOND_WORKFLOW_ID,
	OAUTH_THIRD_WORKFLOW_ID,
	SEEDED_ALERTS,
	Stage,
	startStage,
} from './stage';

const SHOTS = join(__dirname, '..', '.out', 'browser');

describe('the n8n editor in a real browser', () => {
	let stage: Stage;
	let context: BrowserContext;

	/** A fresh tab for one test; on failure its screenshot lands next to the others. */
	async function inPage(name: string, run: (page: Page) => Promise<void>): Promise<void> {
		const page = await context.newPage();
		try {
			await run(page);
		} catch (error) {
			await page.screenshot({ path: join(SHOTS, `failed-${name}.png`) }).catch(() => undefined);
			throw error;
		} finally {
			await page.close();
		}
	}

	beforeAll(async () => {
		mkdirSync(SHOTS, { recursive: true });
		stage = await startStage(packageTarball());
		context = await signedInContext(stage.browser, stage.host.baseUrl, stage.owner);
	});

	afterAll(async () => {
		await context?.close();
		await stage?.stop();
	});

	it("connects the OAuth2 credential through the consent popup and fetches the tenant's alerts", () =>
		inPage('oauth2-connect', async (page) => {
			const connected = await connectFetchNodeWithOAuth2(page, stage, 'Fabrikam (OAuth2)');
			const { ndv, modal, consent } = connected;
			expect(connected.redirectUrl).toBe(`${stage.host.baseUrl}${OAUTH_CALLBACK_PATH}`);
			expect(consent.consentText).toContain(
				'sandbox tenant: Fabrikam, Inc. (fabrikam.onmicrosoft.com)',
			);
			expect(consent.consentText).toContain('Contoso MSSP Defender Connector');
			expect(consent.account).toBe('admin@fabrikam.onmicrosoft.com');
			const used = ndv.getByTestId('node-credentials-slot').locator('input').first();
			await expect(used.inputValue()).resolves.toBe('Fabrikam (OAuth2)');

			const banner = await reopenConnectedCredential(ndv, modal);
			expect(await banner.innerText()).toContain('Account connected');
			expect(await modal.getByTestId('oauth-not-connected-banner').isVisible()).toBe(false);
			await modal.screenshot({ path: join(SHOTS, 'credential-oauth2.png') });
			await closeDialog(modal);

			const output = await executeNode(ndv);
			const { columns, rows } = await outputTable(output);
			await page.screenshot({ path: join(SHOTS, 'fetch-alerts-output.png') });
			const seeded = await stage.sb.control.alerts(stage.sb.tenants.fabrikam.id);
			expect(seeded).toHaveLength(SEEDED_ALERTS);
			expect(rows).toHaveLength(SEEDED_ALERTS);
			const idColumn = columns.indexOf('id');
			expect(idColumn).toBeGreaterThanOrEqual(0);
			expect(rows.map((r) => r[idColumn]).sort()).toEqual(seeded.map((a) => String(a.id)).sort());
			expect(await errorToasts(page)).toEqual([]);
			// The user's delegated token came from the authorization-code grant at the token endpoint.
			const tokenCalls = (await stage.sb.control.requests()).filter((r) =>
				/\/oauth2\/v2\.0\/token$/.test(r.path),
			);
			expect(tokenCalls.map((r) => r.status)).toContain(200);
		}));

	it('shows why when the user clicks Cancel on the consent page, and stays unconnected', () =>
		inPage('oauth2-cancel', async (page) => {
			const { modal } = await newCredentialDialog(page, stage, OAUTH_SECOND_WORKFLOW_ID);
			const input = oauth2Input(stage, 'Fabrikam (declined)');
			registerRedirect(stage, await fillOAuth2Credential(page, modal, input));

			const { popup } = await connectAndAnswer(page, modal, 'cancel');
			// n8n 2.41.1 answers a callback without a code with its generic error page and leaves the
			// popup open; the editor shows no toast. Microsoft's reason is under "More details".
			await popup.getByText('Failed to connect.').waitFor();
			expect(popup.url()).toContain(`${OAUTH_CALLBACK_PATH}?error=access_denied`);
			await expect(popup.locator('h4').innerText()).resolves.toBe(
				'Error: Insufficient parameters for OAuth2 callback.',
			);
			await popup.getByText('More details').click();
			const reason = await popup.locator('pre.reason').innerText();
			expect(reason).toContain('"error":"access_denied"');
			expect(reason).toContain('AADSTS65004: User declined to consent to access the app.');
			await popup.screenshot({ path: join(SHOTS, 'oauth2-cancelled-popup.png') });

			expect(await modal.getByTestId('oauth-not-connected-banner').innerText()).toContain(
				'Connect your account to use this credential',
			);
			expect(await modal.getByTestId('oauth-connect-success-banner').isVisible()).toBe(false);
			await popup.close();
		}));

	it('sends Connect for a plain-http login URL to a host that says why, never to that URL', () =>
		inPage('oauth2-plain-http', async (page) => {
			const { modal } = await newCredentialDialog(page, stage, OAUTH_THIRD_WORKFLOW_ID);
			const plain = 'http://127.0.0.2:9';
			await fillOAuth2Credential(page, modal, {
				...oauth2Input(stage, 'Fabrikam (plain http)'),
				loginBaseUrl: plain,
			});
			// n8n builds the authorize URL from the credential's own expression and opens it.
			const requested: string[] = [];
			context.on('request', (request) => requested.push(request.url()));
			const opened = page.waitForEvent('popup');
			await modal
				.getByTestId('oauth-not-connected-banner')
				.getByTestId('quick-connect-button')
				.click();
			const popup = await opened;
			const refused = 'https://login-base-url-must-be-https-or-localhost.invalid/';
			await popup.getByText('login-base-url-must-be-https-or-localhost.invalid').first().waitFor();
			await popup.screenshot({ path: join(SHOTS, 'oauth2-plain-http-popup.png') });
			expect(requested.some((url) => url.startsWith(refused))).toBe(true);
			expect(requested.filter((url) => url.startsWith(plain))).toEqual([]);
			await popup.close();
		}));

	it.each(EXAMPLES)('opens the example %s on the canvas', (file) =>
		inPage(file, async (page) => {
			const workflow = readExample(file);
			const nodes = workflow.nodes.filter((n) => n.type !== 'n8n-nodes-base.stickyNote');
			await openWorkflow(page, stage.host.baseUrl, workflow.id, nodes.length);
			for (const node of nodes) {
				const drawn = page.getByTestId('canvas-node').filter({ hasText: node.name });
				await expect(drawn.count()).resolves.toBeGreaterThan(0);
			}
			expect(await errorToasts(page)).toEqual([]);
			await page.screenshot({ path: join(SHOTS, `example-${file.replace(/\.json$/, '')}.png`) });
		}),
	);
});
