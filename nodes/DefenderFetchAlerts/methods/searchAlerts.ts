/**
 * List search for the Alert locator: the tenant's newest alerts, filtered by title or ID on the
 * client (Defender's `$filter` has no "contains" on title).
 */
import { NodeOperationError } from 'n8n-workflow';
import type { ILoadOptionsFunctions, INodeListSearchResult } from 'n8n-workflow';

import { asNodeError, defenderApiRequest, resolveTenants } from '../../shared/transport';
import type { DefenderAlert } from '../../shared/alerts/types';

const NEWEST = 200;

export async function searchAlerts(
	this: ILoadOptionsFunctions,
	filter?: string,
): Promise<INodeListSearchResult> {
	try {
		const [tenant] = await resolveTenants.call(this);
		const response = (await defenderApiRequest.call(this, {
			tenant,
			method: 'GET',
			path: '/api/alerts',
			qs: { $top: NEWEST, $orderby: 'alertCreationTime desc' },
		})) as { value?: DefenderAlert[] };
		const needle = (filter ?? '').trim().toLowerCase();
		const results = (response.value ?? [])
			.map((a) => ({
				name: `${a.title ?? 'Untitled alert'} (${a.severity ?? '—'}, ${a.id})`,
				value: a.id,
			}))
			.filter((r) => !needle || r.name.toLowerCase().includes(needle));
		return { results };
	} catch (error) {
		// A tenant not picked (or not valid) gets the hint; Defender's errors keep their own advice.
		if (error instanceof NodeOperationError) {
			throw new NodeOperationError(this.getNode(), error.message, {
				description: 'Pick the customer tenant first, or enter the alert ID directly.',
			});
		}
		throw asNodeError(this.getNode(), error);
	}
}
