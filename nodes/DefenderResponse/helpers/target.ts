/**
 * What every operation shares: the one customer tenant it acts in, the request options, ids read
 * from parameters with a clear error, and the tenant stamped on each output item.
 */
import { NodeApiError, NodeOperationError } from 'n8n-workflow';
import type { IDataObject, IExecuteFunctions, JsonObject } from 'n8n-workflow';

import {
	defenderApiRequest,
	getAuthentication,
	quotedTenantName,
	resolveTenants,
} from '../../shared/transport';
import type { DefenderAuthentication, DefenderRequest, Tenant } from '../../shared/transport';

/** Every Response operation stamps its items with the tenant, as the other nodes do. */
export { tenantFields } from '../../shared/transport';

export interface Target {
	authentication: DefenderAuthentication;
	tenant: Tenant;
	maxRetryWaitSeconds?: number;
}

export async function singleTenant(this: IExecuteFunctions, itemIndex: number): Promise<Target> {
	const authentication = getAuthentication.call(this, itemIndex);
	const [tenant] = await resolveTenants.call(this, itemIndex);
	const options = this.getNodeParameter('options', itemIndex, {}) as IDataObject;
	const wait = options.maxRetryWaitSeconds;
	return {
		authentication,
		tenant,
		...(typeof wait === 'number' ? { maxRetryWaitSeconds: wait } : {}),
	};
}

/**
 * One request in the target tenant. A 404 is rethrown naming `what` and the tenant: n8n rewrites
 * any message containing Defender's code "ResourceNotFound" into a DNS error ("…ENOTFOUND…").
 */
export async function request(
	this: IExecuteFunctions,
	target: Target,
	itemIndex: number,
	req: Omit<DefenderRequest, 'authentication' | 'tenant' | 'itemIndex'> & { what?: string },
): Promise<IDataObject> {
	const { what, ...rest } = req;
	try {
		return (await defenderApiRequest.call(this, {
			authentication: target.authentication,
			tenant: target.tenant,
			itemIndex,
			...(target.maxRetryWaitSeconds !== undefined
				? { maxRetryWaitSeconds: target.maxRetryWaitSeconds }
				: {}),
			...rest,
		})) as IDataObject;
	} catch (error) {
		if (error instanceof NodeApiError && String(error.httpCode) === '404') {
			const where = quotedTenantName(target.tenant);
			throw new NodeApiError(
				this.getNode(),
				{ message: `${what ?? 'The resource'} was not found` } as JsonObject,
				{
					itemIndex,
					httpCode: '404',
					message: `${what ?? 'The requested resource'} was not found in customer tenant ${where}`,
					description: 'Check the ID and that it belongs to this customer tenant.',
				},
			);
		}
		throw error instanceof NodeOperationError || error instanceof NodeApiError
			? error
			: new NodeOperationError(this.getNode(), error as Error, { itemIndex });
	}
}

/** A required id-like string parameter (plain or resource locator); `pattern` rejects junk early. */
export function idParameter(
	this: IExecuteFunctions,
	name: string,
	label: string,
	itemIndex: number,
	pattern: RegExp,
): string {
	const raw = this.getNodeParameter(name, itemIndex, '', { extractValue: true });
	const id = typeof raw === 'string' || typeof raw === 'number' ? String(raw).trim() : '';
	if (!id)
		throw new NodeOperationError(
			this.getNode(),
			`No ${label} was given. Enter it or map it from the input.`,
			{ itemIndex },
		);
	if (!pattern.test(id)) {
		throw new NodeOperationError(this.getNode(), `"${id.slice(0, 80)}" is not a valid ${label}.`, {
			itemIndex,
		});
	}
	return id;
}

/** A machine is addressed by its 40-hex id or its DNS name (both accepted by /api/machines/{id}). */
export const MACHINE_ID = /^[A-Za-z0-9][A-Za-z0-9._-]{0,254}$/;
export const ACTION_ID =
	/^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/;
export const ALERT_ID = /^[A-Za-z0-9_-]{1,128}$/;
