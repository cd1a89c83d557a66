/**
 * Customer tenant identifiers. A tenant goes into a URL path, so only a GUID or a domain name is
 * accepted: anything else could change the path (`../common`) or reach the multi-tenant
 * endpoints, where the client-credentials grant is refused (AADSTS9001023).
 */
import { InputError } from './inputError';
import type { Tenant } from './types';

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** A DNS name with at least two labels, e.g. contoso.onmicrosoft.com or contoso.com. */
const DOMAIN = /^(?=.{4,253}$)(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/i;
const RESERVED = ['common', 'organizations', 'consumers'];

export const TENANT_FORMAT_HINT =
	"Enter the customer tenant ID (a GUID such as 72f988bf-86f1-41af-91ab-2d7cd011db47) or its domain (such as contoso.onmicrosoft.com). Find it in the customer's Microsoft Entra admin center → Overview.";

/** Returns the normalised tenant, or undefined if it is not a GUID or domain. */
export function normaliseTenantId(raw: unknown): string | undefined {
	if (typeof raw !== 'string') return undefined;
	const value = raw.trim();
	if (GUID.test(value)) return value.toLowerCase();
	if (RESERVED.includes(value.toLowerCase())) return undefined;
	if (DOMAIN.test(value)) return value.toLowerCase();
	return undefined;
}

/** Validates a tenant; the error message says what a valid value looks like. */
export function assertTenantId(raw: unknown, where = 'Customer tenant'): string {
	const tenant = normaliseTenantId(raw);
	if (tenant === undefined) {
		const shown = typeof raw === 'string' ? `"${raw.slice(0, 80)}"` : 'an empty value';
		const multi =
			typeof raw === 'string' && RESERVED.includes(raw.trim().toLowerCase())
				? ` "${raw.trim()}" is a multi-tenant alias, not a customer tenant.`
				: '';
		throw new InputError(
			`${where} ${shown} is not a tenant ID or domain.${multi} ${TENANT_FORMAT_HINT}`,
		);
	}
	return tenant;
}

/** Same regex as `normaliseTenantId`, exported for the credentials' field validation. */
export const TENANT_ID_REGEX_SOURCE =
	'^\\s*(?:[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}|(?:[a-zA-Z0-9](?:[a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?\\.)+[a-zA-Z]{2,63})\\s*$';

/** `Label (id)`, or the id of a tenant without a label: how a message names a tenant. */
export function tenantName(tenant: Tenant): string {
	return tenant.label ? `${tenant.label} (${tenant.tenantId})` : tenant.tenantId;
}

/** `"Label" (id)` — quoted, because a label may contain spaces and sits inside a sentence. */
export function quotedTenantName(tenant: Tenant): string {
	return tenant.label ? `"${tenant.label}" (${tenant.tenantId})` : tenant.tenantId;
}

/**
 * The tenant fields of every output item of every node: `tenantLabel` is the label the MSSP gave
 * the tenant on the credential, or its ID when it has none, so it is never missing or empty and a
 * SIEM can group on it.
 */
export function tenantFields(tenant: Tenant): { tenantId: string; tenantLabel: string } {
	return { tenantId: tenant.tenantId, tenantLabel: tenant.label || tenant.tenantId };
}
