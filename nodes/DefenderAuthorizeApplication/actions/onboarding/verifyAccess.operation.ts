/**
 * Verify Access: per customer tenant, a fresh token (never the cache, so an expired secret or a
 * revoked consent shows up now rather than when the cached token runs out), one alert read in the
 * tenant's region, and a row of checks with a fix for each failure. Run it after onboarding and
 * on a schedule.
 */
import { updateDisplayOptions } from 'n8n-workflow';
import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';

import { tenantScopeProperties } from '../../../shared/descriptions';
import {
	exchange,
	forEachTenant,
	probeChecks,
	redact,
	resolveEndpoints,
	resolveTenants,
	tenantFields,
	tenantName,
	tokenFailureChecks,
} from '../../../shared/transport';
import type { AccessCheck, AccessContext, Tenant } from '../../../shared/transport';
import { CREDENTIAL, loadAppCredential, REQUEST_TIMEOUT_MS } from '../../helpers/appCredential';
import type { AppCredential } from '../../helpers/appCredential';
import { requestFreshAppToken } from '../../helpers/freshAppToken';

/** Tenants checked at once; each check is two requests, well inside every tenant's own quota. */
const CONCURRENCY = 4;

export const description = updateDisplayOptions(
	{ show: { resource: ['onboarding'], operation: ['verifyAccess'] } },
	tenantScopeProperties as INodeProperties[],
);

async function checkTenant(
	ctx: IExecuteFunctions,
	app: AppCredential,
	tenant: Tenant,
): Promise<AccessCheck[]> {
	const endpoints = resolveEndpoints(app.credentials, tenant.region);
	const access: AccessContext = {
		who: tenantName(tenant),
		tenantId: tenant.tenantId,
		clientId: app.clientId,
		loginBaseUrl: endpoints.loginBaseUrl,
		apiBaseUrl: endpoints.apiBaseUrl,
	};
	const { answer, accessToken } = await requestFreshAppToken(ctx, app, endpoints, tenant.tenantId);
	if (accessToken === undefined) return tokenFailureChecks(access, answer);
	const probe = await exchange(ctx, CREDENTIAL, {
		method: 'GET',
		url: `${endpoints.apiBaseUrl}/api/alerts`,
		qs: { $top: 1 },
		headers: { Authorization: `Bearer ${accessToken}` },
		timeoutMs: REQUEST_TIMEOUT_MS,
		credentials: app.credentials,
	});
	const secrets = [accessToken, String(app.credentials.clientSecret ?? '')];
	return probeChecks(access, accessToken, probe).map((check) => ({
		...check,
		detail: redact(check.detail, secrets),
		...(check.fix ? { fix: redact(check.fix, secrets) } : {}),
	}));
}

export async function execute(
	this: IExecuteFunctions,
	itemIndex: number,
): Promise<INodeExecutionData[]> {
	const app = await loadAppCredential.call(this, itemIndex);
	const tenants = await resolveTenants.call(this, itemIndex);
	const outcomes = await forEachTenant(
		tenants,
		CONCURRENCY,
		async (tenant) => await checkTenant(this, app, tenant),
	);
	const checkedAt = new Date().toISOString();
	return outcomes.map((outcome) => {
		const checks: AccessCheck[] = outcome.ok
			? outcome.value
			: [
					{
						check: 'token',
						ok: false,
						detail: redact(outcome.error.message, [String(app.credentials.clientSecret ?? '')]),
						fix: "Check the credential's Microsoft cloud and endpoints, then run Verify Access again.",
					},
				];
		return {
			json: {
				...tenantFields(outcome.tenant),
				ok: checks.every((c) => c.ok === true),
				failed: checks.filter((c) => c.ok === false).map((c) => c.check),
				checks: checks.map((c) => ({ ...c })),
				checkedAt,
			},
			pairedItem: { item: itemIndex },
		};
	});
}
