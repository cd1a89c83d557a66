/**
 * "Fetch Test Event": the newest alert matching the filters across the selected tenants, shaped
 * as the trigger would emit it. Reads no cursor and writes none, so testing the node in the editor
 * never changes where the active workflow resumes.
 */
import { NodeOperationError } from 'n8n-workflow';
import type { IDataObject, INodeExecutionData, IPollFunctions } from 'n8n-workflow';

import { pickTestEvent } from '../shared/alerts/cursor';
import { alertFilterString } from '../shared/alerts/filters';
import type { DefenderAlert } from '../shared/alerts/types';
import { defenderApiRequest, forEachTenant } from '../shared/transport';
import type { Tenant, TransportTuning } from '../shared/transport';
import type { TriggerConfig } from './config';
import { appendEventItems } from './items';
import { tenantFailure } from './tenantErrors';

export async function fetchTestEvent(
	this: IPollFunctions,
	tenants: Tenant[],
	config: TriggerConfig,
	tuning?: TransportTuning,
): Promise<INodeExecutionData[][]> {
	const qs: IDataObject = { $orderby: 'lastUpdateTime desc', $top: 1 };
	const filter = alertFilterString(config.query);
	if (filter) qs.$filter = filter;
	if (config.includeEvidence) qs.$expand = 'evidence';
	const outcomes = await forEachTenant(tenants, config.concurrency, async (tenant) => {
		const body = (await defenderApiRequest.call(this, {
			tenant,
			method: 'GET',
			path: '/api/alerts',
			qs,
			tuning,
		})) as IDataObject | null;
		return body && Array.isArray(body.value) ? (body.value as DefenderAlert[]) : [];
	});
	const owner = new Map<DefenderAlert, Tenant>();
	for (const outcome of outcomes) {
		// The user is testing the node: any failing tenant is worth an error, not a partial answer.
		if (!outcome.ok) throw tenantFailure(this, outcome.tenant, outcome.error);
		for (const alert of outcome.value) owner.set(alert, outcome.tenant);
	}
	const event = pickTestEvent([...owner.keys()], config.cursor);
	if (event === null) {
		throw new NodeOperationError(
			this.getNode(),
			"No alert matches the trigger's filters in the selected tenants",
			{
				description:
					'There is nothing to show as a test event yet. Widen the Filters or pick another tenant, or wait for an alert and fetch again.',
			},
		);
	}
	const items: INodeExecutionData[] = [];
	const tenant = owner.get(event.alert) as Tenant;
	appendEventItems([event], tenant, config.output, items, config.formatOptions);
	return [items];
}
