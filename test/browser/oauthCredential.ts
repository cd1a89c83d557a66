/**
 * The "Microsoft Defender MSSP OAuth2 API" credential in n8n's credential dialog: switch the
 * dialog to OAuth2, fill what an MSSP engineer types, click Connect, and answer the sign-in/consent
 * page (the sandbox's stand-in for Microsoft's) in the popup n8n opens.
 */
import type { Locator, Page } from 'playwright-core';

export interface OAuth2CredentialInput {
	name: string;
	loginBaseUrl: string;
	apiBaseUrl: string;
	tenant: string;
	clientId: string;
	clientSecret: string;
}

/** The authentication choice at the top of the dialog (our node's `authentication` options). */
const OAUTH2_MODE = 'OAuth2 (One Customer Tenant)';

/** Fills the dialog in OAuth2 mode; returns the OAuth Redirect URL the dialog tells users to register. */
export async function fillOAuth2Credential(
	page: Page,
	modal: Locator,
	input: OAuth2CredentialInput,
): Promise<string> {
	const mode = modal.getByTestId('credential-mode-dropdown-trigger');
	if (!(await mode.innerText()).includes(OAUTH2_MODE)) {
		await mode.click();
		await page.getByTitle(OAUTH2_MODE, { exact: true }).click();
	}
	await modal.getByTestId('credential-name').click();
	await modal.getByTestId('inline-edit-input').fill(input.name);
	await modal.getByTestId('inline-edit-input').press('Enter');
	const field = (name: string) =>
		modal.getByTestId(`parameter-input-${name}`).locator('input').first();
	await field('clientId').fill(input.clientId);
	await field('clientSecret').fill(input.clientSecret);
	await modal.getByTestId('parameter-input-cloud').click();
	await page.getByRole('option', { name: 'Custom Endpoints (Sandbox, Proxy)' }).click();
	await field('loginBaseUrl').fill(input.loginBaseUrl);
	await field('apiBaseUrl').fill(input.apiBaseUrl);
	await field('tenantId').fill(input.tenant);
	return (await modal.getByTestId('copy-input').innerText()).trim();
}

export interface ConsentPopup {
	popup: Page;
	/** What the sign-in/consent page showed before the answer. */
	consentText: string;
	/** The account the page offered (login_hint or the tenant's admin). */
	account: string;
}

/** Clicks Connect and answers the consent page in the popup with Accept or Cancel. */
export async function connectAndAnswer(
	page: Page,
	modal: Locator,
	answer: 'accept' | 'cancel',
): Promise<ConsentPopup> {
	const opened = page.waitForEvent('popup');
	await modal.getByTestId('oauth-not-connected-banner').getByTestId('quick-connect-button').click();
	const popup = await opened;
	// The sign-in page shows an error instead of the form when it refuses the request outright (an
	// unregistered redirect URI, an unknown app or tenant): fail with that, not with a timeout.
	await popup.locator('#consent-form, #error-code').first().waitFor();
	if (await popup.locator('#error-code').isVisible()) {
		throw new Error(
			`the sign-in page refused the request: ${await popup.locator('#error-code').innerText()}`,
		);
	}
	const consentText = await popup.locator('main').innerText();
	const account = await popup.locator('#login').inputValue();
	await popup.locator(answer === 'accept' ? '#accept' : '#cancel').click();
	return { popup, consentText, account };
}

/**
 * After Accept: n8n's callback page posts "success" and the editor closes the popup. When the
 * connection fails the popup stays on n8n's error page instead; fail with what it says.
 */
export async function waitForConnected(popup: Page, timeoutMs: number): Promise<void> {
	const failed = popup.getByText('Failed to connect.');
	const outcome = await Promise.race([
		popup.waitForEvent('close', { timeout: timeoutMs }).then(() => 'closed' as const),
		// A closing popup makes this wait throw: leave the verdict to the close event then.
		failed.waitFor({ timeout: timeoutMs }).then(
			() => 'failed' as const,
			() => new Promise<never>(() => undefined),
		),
	]);
	if (outcome === 'failed') {
		await popup.getByText('More details').click();
		throw new Error(
			`the OAuth2 credential did not connect; n8n's callback page says:\n${await popup.locator('body').innerText()}`,
		);
	}
}
