/**
 * What every request of one tenant through one copy of the credential has in common: the checked
 * tenant, its endpoints, the token cache key (a SHA-256) and the secrets to keep out of errors.
 * A fan-out sends hundreds of requests per tenant copy, so it is worked out at a tenant's first
 * request and kept as long as that copy of the credential lives (credentialCache.ts keeps one per
 * node context and item; a reloaded, rotated secret is a new copy and so a new plan).
 */
import type { ICredentialDataDecryptedObject, IDataObject } from 'n8n-workflow';

import { appTokenKey } from './appToken';
import { resolveEndpoints } from './clouds';
import type { ResolvedEndpoints } from './clouds';
import { assertTenantId } from './tenant';
import type { DefenderAuthentication, Tenant } from './types';

export interface TenantPlan {
	tenant: Tenant;
	endpoints: ResolvedEndpoints;
	/** The app token's cache key; undefined for OAuth2, whose token n8n keeps. */
	tokenKey?: string;
	/** The credential's secrets and tokens, never to be echoed in an error. */
	secrets: string[];
}

const plansByCredentials = new WeakMap<ICredentialDataDecryptedObject, Map<string, TenantPlan>>();

function secretsOf(credentials: ICredentialDataDecryptedObject): string[] {
	const token = credentials.oauthTokenData as IDataObject | undefined;
	return [
		credentials.clientSecret,
		token?.access_token,
		token?.refresh_token,
		token?.id_token,
	].filter((v): v is string => typeof v === 'string');
}

/**
 * The plan for `requested` through `credentials`. Throws a plain Error with the user's fix when the
 * tenant id or the credential's cloud or region is unusable (the caller makes it a node error).
 */
export function tenantPlan(
	credentials: ICredentialDataDecryptedObject,
	authentication: DefenderAuthentication,
	requested: Tenant,
): TenantPlan {
	let plans = plansByCredentials.get(credentials);
	if (!plans) {
		plans = new Map();
		plansByCredentials.set(credentials, plans);
	}
	// JSON keeps an absent region (the credential's default) apart from an empty one (refused).
	const key = JSON.stringify([
		authentication,
		requested.tenantId,
		requested.region,
		requested.label,
	]);
	let plan = plans.get(key);
	if (!plan) {
		const tenant = { ...requested, tenantId: assertTenantId(requested.tenantId) };
		const endpoints = resolveEndpoints(credentials, requested.region);
		plan = {
			tenant,
			endpoints,
			secrets: secretsOf(credentials),
			...(authentication === 'defenderMsspAppApi'
				? { tokenKey: appTokenKey(credentials, endpoints, tenant) }
				: {}),
		};
		plans.set(key, plan);
	}
	return plan;
}
