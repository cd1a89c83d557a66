/**
 * Trigger events → output items, shaped by the same code as Fetch Alerts' items (output.ts), with
 * what happened in front: `event` and, for updates, `changedFields` (null when the trigger no
 * longer remembers the alert's previous values).
 */
import type { INodeExecutionData } from 'n8n-workflow';

import type { AlertEvent } from '../shared/alerts/cursor';
import { appendAlertItems } from '../shared/alerts/output';
import type { AlertOutput } from '../shared/alerts/output';
import type { Tenant } from '../shared/transport';

export function appendEventItems(
	events: readonly AlertEvent[],
	tenant: Tenant,
	output: AlertOutput,
	out: INodeExecutionData[],
): void {
	const context = {
		output,
		tenant: { tenantId: tenant.tenantId, ...(tenant.label ? { tenantLabel: tenant.label } : {}) },
	};
	const shaped: INodeExecutionData[] = [];
	for (const event of events) {
		shaped.length = 0;
		appendAlertItems([event.alert], context, shaped);
		const head =
			event.event === 'updated'
				? { event: event.event, changedFields: event.changedFields ?? null }
				: { event: event.event };
		for (const item of shaped) out.push({ json: { ...head, ...item.json } });
	}
}
