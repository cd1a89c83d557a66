/**
 * Trigger events → output items, shaped by the same code as Fetch Alerts' items (output.ts), with
 * what happened in front: `event`, `eventId` and, for updates, `changedFields` (null when the
 * trigger no longer remembers the alert's previous values).
 */
import type { INodeExecutionData } from 'n8n-workflow';

import type { AlertEvent } from '../shared/alerts/cursor';
import { alertEventId } from '../shared/alerts/eventId';
import { appendAlertItems } from '../shared/alerts/output';
import type { AlertOutput } from '../shared/alerts/output';
import type { FormatOptions } from '../shared/formats';
import { tenantFields } from '../shared/transport';
import type { Tenant } from '../shared/transport';

/**
 * A stable idempotency key for one event: this version of the alert (its lastUpdateTime,
 * normalised so that `…:59.2Z` and `…:59.2000000Z` agree) in this tenant. Whatever n8n repeats
 * (a replayed poll after a crash, a retried execution) carries the same key, so a SIEM or a
 * dedupe step can drop the repeat; a replay that finds a newer version carries a new key, so
 * that version's changes are never dropped as a repeat.
 */
export function eventIdOf(tenantId: string, event: AlertEvent): string {
	return alertEventId(tenantId, event.alert.id, event.alert.lastUpdateTime);
}

export function appendEventItems(
	events: readonly AlertEvent[],
	tenant: Tenant,
	output: AlertOutput,
	out: INodeExecutionData[],
	formatOptions?: FormatOptions,
): void {
	const context = {
		output,
		tenant: tenantFields(tenant),
		formatOptions,
	};
	const shaped: INodeExecutionData[] = [];
	for (const event of events) {
		shaped.length = 0;
		appendAlertItems([event.alert], context, shaped);
		const eventId = eventIdOf(tenant.tenantId, event);
		const head =
			event.event === 'updated'
				? { event: event.event, eventId, changedFields: event.changedFields ?? null }
				: { event: event.event, eventId };
		for (const item of shaped) out.push({ json: { ...head, ...item.json } });
	}
}
