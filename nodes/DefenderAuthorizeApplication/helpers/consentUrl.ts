/**
 * Consent and sign-in links for a customer tenant, per Microsoft cloud:
 * - v2 admin consent `{login}/{tenant}/v2.0/adminconsent` with the static `<audience>/.default`
 *   scope, which is what grants the app's application permissions;
 * - the v1 form MDE's partner docs still show (`oauth2/authorize?prompt=consent&response_type=code`)
 *   for older setups. It names the tenant instead of `common`, so an administrator of another
 *   tenant cannot complete the MSSP's link for a different customer;
 * - a v2 authorize link (authorization code, `offline_access`) for the delegated SIEM-connector
 *   flow that Redeem Authorization Code completes.
 */
import { InputError } from '../../shared/transport';
import type { ResolvedEndpoints } from '../../shared/transport';

export interface ConsentLinkInput {
	tenant: string;
	clientId: string;
	redirectUri: string;
	state: string;
}

function withQuery(base: string, query: Record<string, string>): string {
	return `${base}?${new URLSearchParams(query).toString()}`;
}

function tenantPath(endpoints: ResolvedEndpoints, tenant: string): string {
	return `${endpoints.loginBaseUrl}/${encodeURIComponent(tenant)}`;
}

export function adminConsentUrl(endpoints: ResolvedEndpoints, input: ConsentLinkInput): string {
	return withQuery(`${tenantPath(endpoints, input.tenant)}/v2.0/adminconsent`, {
		client_id: input.clientId,
		scope: endpoints.scope,
		redirect_uri: input.redirectUri,
		state: input.state,
	});
}

export function legacyConsentUrl(endpoints: ResolvedEndpoints, input: ConsentLinkInput): string {
	return withQuery(`${tenantPath(endpoints, input.tenant)}/oauth2/authorize`, {
		client_id: input.clientId,
		response_type: 'code',
		redirect_uri: input.redirectUri,
		resource: endpoints.audience,
		prompt: 'consent',
		state: input.state,
	});
}

export function delegatedSignInUrl(endpoints: ResolvedEndpoints, input: ConsentLinkInput): string {
	return withQuery(`${tenantPath(endpoints, input.tenant)}/oauth2/v2.0/authorize`, {
		client_id: input.clientId,
		response_type: 'code',
		redirect_uri: input.redirectUri,
		scope: `${endpoints.scope} offline_access`,
		prompt: 'select_account',
		state: input.state,
	});
}

const LOOPBACK = ['localhost', '127.0.0.1', '[::1]'];

/**
 * Entra ID accepts https redirect URIs, and plain http only on the loopback host; a fragment is
 * never allowed. Returns the URI unchanged or throws an InputError that says how to fix it.
 */
export function assertRedirectUri(raw: unknown): string {
	const value = typeof raw === 'string' ? raw.trim() : '';
	let url: URL | undefined;
	try {
		url = new URL(value);
	} catch {
		url = undefined;
	}
	const fix =
		'Use the Production URL of the Webhook node that receives the redirect (e.g. https://n8n.example.com/webhook/defender-consent) and add the same URI to the app registration (Entra ID → App registrations → Authentication → Web → Redirect URIs).';
	if (!url || !['https:', 'http:'].includes(url.protocol)) {
		throw new InputError(
			`The redirect URI "${value.slice(0, 200)}" is not an absolute URL. ${fix}`,
		);
	}
	if (url.protocol === 'http:' && !LOOPBACK.includes(url.hostname)) {
		throw new InputError(
			`The redirect URI must use https (plain http is only allowed for localhost). ${fix}`,
		);
	}
	if (url.hash) throw new InputError(`The redirect URI must not contain a fragment (#…). ${fix}`);
	return value;
}
