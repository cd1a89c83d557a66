/**
 * Public API of the Defender transport. Nodes import from here only.
 *
 * Typical use in an operation:
 *   const authentication = getAuthentication.call(this, i);
 *   const tenants = await resolveTenants.call(this, i);
 *   const outcomes = await forEachTenant(tenants, 4, async (tenant) =>
 *     await defenderApiRequestAllItems.call(this, {
 *       authentication, tenant, path: '/api/alerts', qs: { $filter }, limit, itemIndex: i,
 *       maxRetryWaitSeconds,
 *     }),
 *   );
 */
export type {
	BudgetPolicy,
	DefenderAuthentication,
	DefenderFunctions,
	DefenderListRequest,
	DefenderRequest,
	EndpointFamily,
	RetryPolicy,
	StableOrder,
	Tenant,
	TenantScope,
	TransportTuning,
} from './types';
export type { ApiRegion, DefenderCloud } from './clouds';
export { API_REGIONS, resolveEndpoints } from './clouds';
export { assertTenantId, normaliseTenantId, TENANT_FORMAT_HINT } from './tenant';
export { defenderApiRequest } from './request';
export { forgetCredentials } from './credentialCache';
export { DeadlineReached, isDeadlineReached, timeLeft } from './deadline';
export {
	ALERT_PAGING,
	ALERT_PAGING_NEWEST_FIRST,
	defenderApiPages,
	defenderApiRequestAllItems,
} from './paging';
export { configuredTenants, forEachTenant, getAuthentication, resolveTenants } from './tenants';
export type { TenantOutcome } from './tenants';
export {
	errorItem,
	errorNamingTenant,
	itemsPerTenant,
	quotedTenantName,
	tenantConcurrency,
	tenantFields,
} from './tenantItems';
