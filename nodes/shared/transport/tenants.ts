/**
 * Which customer tenants an operation runs on, read from the shared tenant-scope parameters
 * (descriptions/tenantScope.ts), and a bounded fan-out over them.
 */
import type {
	ICredentialDataDecryptedObject,
	IDataObject,
	INodeParameterResourceLocator,
} from 'n8n-workflow';

import { assertTenantId } from './tenant';
import type { DefenderAuthentication, DefenderFunctions, Tenant, TenantScope } from './types';
import { asNodeError, InputError } from './inputError';

/** Reads a node parameter in any context (poll/hook functions take no item index). */
export function getParam<T>(
	ctx: DefenderFunctions,
	name: string,
	itemIndex: number,
	fallback: T,
): T {
	if ('getInputData' in ctx) {
		return (ctx.getNodeParameter as (n: string, i: number, f: T) => T)(name, itemIndex, fallback);
	}
	return (ctx.getNodeParameter as (n: string, f: T) => T)(name, fallback);
}

/** The node's `authentication` parameter (defaults to the MSSP app credential). */
export function getAuthentication(this: DefenderFunctions, itemIndex = 0): DefenderAuthentication {
	const value = getParam<string>(this, 'authentication', itemIndex, 'defenderMsspAppApi');
	return value === 'defenderMsspOAuth2Api' ? 'defenderMsspOAuth2Api' : 'defenderMsspAppApi';
}

/** The tenants configured on the app credential, with their labels. */
export function configuredTenants(credentials: ICredentialDataDecryptedObject): Tenant[] {
	const collection = (credentials.tenants as IDataObject | undefined)?.tenant;
	if (!Array.isArray(collection)) return [];
	const seen = new Set<string>();
	const tenants: Tenant[] = [];
	for (const entry of collection as IDataObject[]) {
		const tenantId = assertTenantId(entry.tenantId, 'A tenant listed on the credential,');
		if (seen.has(tenantId)) continue;
		seen.add(tenantId);
		const label =
			typeof entry.label === 'string' && entry.label.trim() ? entry.label.trim() : undefined;
		const region =
			typeof entry.region === 'string' && entry.region !== 'default' ? entry.region : undefined;
		tenants.push({ tenantId, ...(label ? { label } : {}), ...(region ? { region } : {}) });
	}
	return tenants;
}

function idsFrom(value: unknown): string[] {
	if (Array.isArray(value)) return value.map((v) => String(v));
	if (typeof value === 'string') return value.split(/[\s,;]+/).filter((v) => v !== '');
	return [];
}

function locatorValue(value: unknown): unknown {
	if (value && typeof value === 'object' && 'value' in (value as IDataObject)) {
		return (value as INodeParameterResourceLocator).value;
	}
	return value;
}

/**
 * The tenants this item's operation runs on. OAuth2: the credential's own tenant. App credential:
 * `tenantScope` = one (`tenant`), list (`tenantIds`) or all (every tenant on the credential).
 * Labels come from the credential's list, also for tenants picked by ID.
 */
export async function resolveTenants(this: DefenderFunctions, itemIndex = 0): Promise<Tenant[]> {
	const authentication = getAuthentication.call(this, itemIndex);
	const credentials = await this.getCredentials(authentication, itemIndex);
	try {
		if (authentication === 'defenderMsspOAuth2Api') {
			return [{ tenantId: assertTenantId(credentials.tenantId, "The credential's tenant") }];
		}
		const known = configuredTenants(credentials);
		const scope = getParam<TenantScope>(this, 'tenantScope', itemIndex, 'one');
		if (scope === 'all') {
			if (known.length === 0) {
				throw new InputError(
					'No customer tenants are listed on the credential. Add them under "Customer Tenants" in the Microsoft Defender MSSP App API credential, or pick a tenant by ID.',
				);
			}
			return known;
		}
		const raw =
			scope === 'list'
				? idsFrom(getParam<unknown>(this, 'tenantIds', itemIndex, []))
				: [locatorValue(getParam<unknown>(this, 'tenant', itemIndex, ''))];
		if (raw.length === 0)
			throw new InputError('No customer tenant is selected. Pick at least one tenant.');
		const byId = new Map(known.map((t) => [t.tenantId, t]));
		const result = new Map<string, Tenant>();
		for (const value of raw) {
			const tenantId = assertTenantId(value);
			result.set(tenantId, byId.get(tenantId) ?? { tenantId });
		}
		return [...result.values()];
	} catch (error) {
		throw asNodeError(this.getNode(), error, { itemIndex, level: 'warning' });
	}
}

/** Outcome of one tenant in a fan-out: a failing tenant never hides the others' results. */
export type TenantOutcome<R> =
	| { tenant: Tenant; ok: true; value: R }
	| { tenant: Tenant; ok: false; error: Error };

/**
 * Runs `work` for every tenant with at most `concurrency` tenants in flight. Each tenant has its own
 * request budget in the transport, so a throttled tenant only slows its own slot.
 */
export async function forEachTenant<R>(
	tenants: Tenant[],
	concurrency: number,
	work: (tenant: Tenant) => Promise<R>,
): Promise<Array<TenantOutcome<R>>> {
	const outcomes: Array<TenantOutcome<R>> = new Array(tenants.length);
	let next = 0;
	const lanes = Array.from(
		{ length: Math.max(1, Math.min(concurrency, tenants.length)) },
		async () => {
			while (next < tenants.length) {
				const index = next++;
				const tenant = tenants[index];
				try {
					outcomes[index] = { tenant, ok: true, value: await work(tenant) };
				} catch (error) {
					outcomes[index] = { tenant, ok: false, error: error as Error };
				}
			}
		},
	);
	await Promise.all(lanes);
	return outcomes;
}
