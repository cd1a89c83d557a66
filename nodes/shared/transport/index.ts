/**
 * Public API of the Defender transport. Nodes import from here only.
 *
 * Typical use in an operation (the transport reads the node's Authentication and Max Retry Wait
 * itself; pass them only to override):
 *   const tenants = await resolveTenants.call(this, i);
 *   const outcomes = await forEachTenant(tenants, tenantConcurrency(options), async (tenant) =>
 *     await defenderApiRequestAllItems.call(this, {
 *       tenant, path: '/api/alerts', qs: { $filter }, limit, itemIndex: i,
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
export type { ApiRegion, DefenderCloud, ResolvedEndpoints } from './clouds';
export { API_REGIONS, resolveEndpoints, tokenUrl } from './clouds';
export {
	assertTenantId,
	normaliseTenantId,
	quotedTenantName,
	TENANT_FORMAT_HINT,
	tenantFields,
	tenantName,
} from './tenant';
export { defenderApiRequest } from './request';
export { asNodeError, InputError, isInputError, withInputErrors } from './inputError';
export { forgetCredentials, loadCredentials } from './credentialCache';
export { DeadlineReached, isDeadlineReached, timeLeft } from './deadline';
export {
	ALERT_PAGING,
	ALERT_PAGING_NEWEST_FIRST,
	defenderApiPages,
	defenderApiRequestAllItems,
} from './paging';
export {
	configuredTenants,
	forEachTenant,
	getAuthentication,
	getParam,
	resolveTenants,
} from './tenants';
export type { TenantOutcome } from './tenants';
export {
	errorItem,
	errorNamingTenant,
	itemsPerTenant,
	DEFAULT_TENANT_CONCURRENCY,
	tenantConcurrency,
} from './tenantItems';
// The onboarding node and the credentials also speak to Entra ID and Defender outside a tenant
// request: one raw exchange, the errors and their advice, the credential fields and access check.
export { exchange } from './http';
export type { Exchange } from './http';
export {
	buildApiError,
	isPortalAuthorizationMissing,
	parseDefenderError,
	portalAuthorizationFix,
	redact,
} from './errors';
export { adviceForTokenError } from './aadsts';
export { checkAppAccess } from './appCheck';
export { clientCredentialsRequest, issuedToken } from './tokenRequest';
export {
	CHECK_ORDER,
	firstFailure,
	grantedRoles,
	probeChecks,
	tokenFailureChecks,
} from './accessVerdict';
export type { AccessCheck, AccessContext, CheckName } from './accessVerdict';
export { decodeJwtPayload, stringClaim } from './jwtClaims';
export {
	apiBaseExpression,
	audienceExpression,
	cloudProperties,
	loginBaseExpression,
	tenantExpression,
	tenantIdProperty,
} from './credentialFields';
