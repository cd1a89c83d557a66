/**
 * User journeys shared by the browser suite (which asserts on them) and `npm run screenshots`
 * (which photographs them), so the README's images show exactly what the tests prove.
 */
import type { Locator, Page } from 'playwright-core';

import { createCredentialFromNode, openNode, openWorkflow, UI_TIMEOUT_MS } from './editor';
import {
	ConsentPopup,
	connectAndAnswer,
	fillOAuth2Credential,
	waitForConnected,
} from './oauthCredential';
import { OAUTH_FETCH_NODE, OAUTH_WORKFLOW_ID, Stage } from './stage';

export interface ConnectedCredential {
	ndv: Locator;
	modal: Locator;
	consent: ConsentPopup;
	/** The OAuth Redirect URL the dialog showed (and the MSSP registered on its app). */
	redirectUrl: string;
}

/** The credential dialog for a new credential, from an OAuth2 workflow's Fetch Alerts node. */
export async function newCredentialDialog(
	page: Page,
	stage: Stage,
	workflowId = OAUTH_WORKFLOW_ID,
): Promise<{ ndv: Locator; modal: Locator }> {
	await openWorkflow(page, stage.host.baseUrl, workflowId, 2);
	const ndv = await openNode(page, OAUTH_FETCH_NODE);
	return { ndv, modal: await createCredentialFromNode(page, ndv) };
}

/** What an MSSP does once in Entra ID: add the redirect URL n8n shows to the app registration. */
export function registerRedirect(stage: Stage, url: string): void {
	const app = stage.sb.apps.mssp;
	if (!app.redirectUris.includes(url)) app.redirectUris.push(url);
}

export function oauth2Input(stage: Stage, name: string) {
	return {
		name,
		loginBaseUrl: stage.sb.loginBaseUrl,
		apiBaseUrl: stage.sb.apiBaseUrl,
		tenant: stage.sb.tenants.fabrikam.domain,
		clientId: stage.sb.credentials.clientId,
		clientSecret: stage.sb.credentials.clientSecret,
	};
}

/**
 * Creates the OAuth2 credential from the Fetch Alerts node, connects it (Accept in the popup) and
 * waits until the dialog closes with the credential on the node. Throws what n8n's callback page
 * says when the credential cannot connect.
 */
export async function connectFetchNodeWithOAuth2(
	page: Page,
	stage: Stage,
	name: string,
): Promise<ConnectedCredential> {
	const { ndv, modal } = await newCredentialDialog(page, stage);
	const redirectUrl = await fillOAuth2Credential(page, modal, oauth2Input(stage, name));
	registerRedirect(stage, redirectUrl);
	const consent = await connectAndAnswer(page, modal, 'accept');
	await waitForConnected(consent.popup, UI_TIMEOUT_MS);
	// Opened from a node, the dialog closes once connected and the node uses the new credential.
	await modal.waitFor({ state: 'hidden' });
	return { ndv, modal, consent, redirectUrl };
}

/** Reopens the node's credential (pencil icon) and waits for its "Account connected" banner. */
export async function reopenConnectedCredential(ndv: Locator, modal: Locator): Promise<Locator> {
	await ndv.getByTestId('credential-edit-button').click();
	const banner = modal.getByTestId('oauth-connect-success-banner');
	await banner.waitFor();
	return banner;
}
