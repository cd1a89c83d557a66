/**
 * One client-credentials token request for a customer tenant, never answered from the token
 * cache: Verify Access and Complete Consent ask whether Entra ID issues the app a token for that
 * tenant now (so a revoked consent, or one still replicating, shows at once), not whether it
 * issued one an hour ago.
 */
import type { IExecuteFunctions } from 'n8n-workflow';

import { clientCredentialsRequest, exchange, issuedToken } from '../../shared/transport';
import type { ResolvedEndpoints, Exchange } from '../../shared/transport';
import { CREDENTIAL, REQUEST_TIMEOUT_MS } from './appCredential';
import type { AppCredential } from './appCredential';

export interface FreshAppToken {
	/** The token endpoint's answer, for the verdict when no token came back. */
	answer: Exchange;
	/** Set only when Entra ID issued a token. */
	accessToken?: string;
}

export async function requestFreshAppToken(
	ctx: IExecuteFunctions,
	app: AppCredential,
	endpoints: ResolvedEndpoints,
	tenantId: string,
): Promise<FreshAppToken> {
	const answer = await exchange(ctx, CREDENTIAL, {
		...clientCredentialsRequest(endpoints, tenantId),
		form: true,
		timeoutMs: REQUEST_TIMEOUT_MS,
		credentials: app.credentials,
	});
	const issued = answer.kind === 'response' ? issuedToken(answer.status, answer.body) : undefined;
	return issued ? { answer, accessToken: issued.accessToken } : { answer };
}
