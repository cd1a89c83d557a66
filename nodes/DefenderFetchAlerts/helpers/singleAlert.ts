/**
 * What Get and Update share: the one tenant they act in, the alert id from the locator, and a
 * 404 that says which alert in which tenant was not found.
 */
import { NodeApiError, NodeOperationError } from 'n8n-workflow';
import type { IExecuteFunctions, JsonObject } from 'n8n-workflow';

import { getAuthentication, resolveTenants } from '../../shared/transport';
import type { DefenderAuthentication, Tenant } from '../../shared/transport';
import { AlertUpdateError, assertAlertId } from './updateBody';

export interface AlertTarget {
	authentication: DefenderAuthentication;
	tenant: Tenant;
}

export async function singleTenant(
	this: IExecuteFunctions,
	itemIndex: number,
): Promise<AlertTarget> {
	const authentication = getAuthentication.call(this, itemIndex);
	const [tenant] = await resolveTenants.call(this, itemIndex);
	return { authentication, tenant };
}

export function alertIdParameter(this: IExecuteFunctions, itemIndex: number): string {
	const raw = this.getNodeParameter('alertId', itemIndex, '', { extractValue: true });
	const id = typeof raw === 'string' || typeof raw === 'number' ? String(raw).trim() : '';
	try {
		if (!id) throw new AlertUpdateError('No alert ID was given. Pick an alert or enter its ID.');
		return assertAlertId(id);
	} catch (error) {
		throw new NodeOperationError(this.getNode(), (error as Error).message, { itemIndex });
	}
}

/** Rethrows a 404 as "alert X not found in tenant Y"; other errors unchanged. */
export function notFoundError(
	this: IExecuteFunctions,
	error: unknown,
	alertId: string,
	tenant: Tenant,
	itemIndex: number,
): Error {
	const status = (error as { httpCode?: string | number }).httpCode;
	if (error instanceof NodeApiError && String(status) === '404') {
		const where = tenant.label ? `"${tenant.label}" (${tenant.tenantId})` : tenant.tenantId;
		return new NodeApiError(this.getNode(), { message: error.message } as JsonObject, {
			itemIndex,
			httpCode: '404',
			message: `Alert "${alertId}" was not found in customer tenant ${where}`,
			description:
				'Check the alert ID and that the alert belongs to this tenant (alerts past the retention period are gone).',
		});
	}
	return error as Error;
}
