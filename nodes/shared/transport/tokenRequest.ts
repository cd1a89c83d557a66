/**
 * The MSSP app's client-credentials token request for one customer tenant, and what its answer
 * holds. The transport's cached tokens, the onboarding node's fresh ones and the credential test
 * all ask Entra ID this same question; the client ID and secret are added where the request is
 * sent (the credential's `authenticate`, or the test itself), never here.
 */
import { tokenUrl } from './clouds';
import type { ResolvedEndpoints } from './clouds';

export interface ClientCredentialsRequest {
	method: 'POST';
	url: string;
	/** Sent form-encoded. */
	body: { grant_type: 'client_credentials'; scope: string };
}

export function clientCredentialsRequest(
	endpoints: ResolvedEndpoints,
	tenantId: string,
): ClientCredentialsRequest {
	return {
		method: 'POST',
		url: tokenUrl(endpoints.loginBaseUrl, tenantId),
		body: { grant_type: 'client_credentials', scope: endpoints.scope },
	};
}

/** The token an answer carries: only a 200 with a non-empty `access_token` is one. */
export function issuedToken(
	status: number,
	body: unknown,
): { accessToken: string; expiresIn: unknown } | undefined {
	if (status !== 200 || typeof body !== 'object' || body === null) return undefined;
	const { access_token: accessToken, expires_in: expiresIn } = body as Record<string, unknown>;
	return typeof accessToken === 'string' && accessToken !== ''
		? { accessToken, expiresIn }
		: undefined;
}
