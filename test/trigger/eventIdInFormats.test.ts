/**
 * What a SIEM de-duplicates on after a retried delivery: the Alert Trigger's `eventId` must reach
 * the formatted event. Splunk HEC envelopes carry it as the index-time field `event_id` (the same
 * key for the same alert version, a new key for a newer version), and a HEC envelope that Fetch
 * Alerts builds for the same alert version carries the same key, so a manual backfill and the
 * trigger dedupe against each other.
 */
import type { INodeExecutionData } from 'n8n-workflow';

import { appendEventItems } from '../../nodes/DefenderAlertTrigger/items';
import type { DefenderAlert } from '../../nodes/shared/alerts/types';
import { formatSplunkHec } from '../../nodes/shared/formats';

const TENANT = { tenantId: '7b5b6a1c-0e57-4b53-9a47-2c4b3b5c9d11', label: 'Fabrikam' };

function alert(lastUpdateTime: string): DefenderAlert {
	return {
		id: 'da637308392288907382_-880718168',
		title: 'Suspicious behaviour',
		severity: 'High',
		status: 'New',
		alertCreationTime: '2026-01-01T10:00:00.1234567Z',
		lastUpdateTime,
		aadTenantId: 'ffffffff-0000-0000-0000-000000000000',
	} as DefenderAlert;
}

function hecItem(lastUpdateTime: string): Record<string, unknown> {
	const out: INodeExecutionData[] = [];
	appendEventItems([{ event: 'created', alert: alert(lastUpdateTime) }], TENANT, 'splunkHec', out);
	expect(out).toHaveLength(1);
	return out[0].json as Record<string, unknown>;
}

describe('eventId in the Splunk HEC envelope', () => {
	it('is the index-time field event_id of the trigger item', () => {
		const item = hecItem('2026-01-01T10:05:00.2Z');
		const formatted = item.formatted as { fields: Record<string, string> };
		expect(item.eventId).toBe(
			'7b5b6a1c-0e57-4b53-9a47-2c4b3b5c9d11:da637308392288907382_-880718168:2026-01-01T10:05:00.2000000Z',
		);
		expect(formatted.fields.event_id).toBe(item.eventId);
		// The MSSP's tenant, not the alert's aadTenantId, as in the trigger's key.
		expect(formatted.fields.tenant_id).toBe(TENANT.tenantId);
	});

	it('is the same for the same version however its time is written, new for a newer one', () => {
		const a = hecItem('2026-01-01T10:05:00.2Z');
		const b = hecItem('2026-01-01T10:05:00.2000000Z');
		const c = hecItem('2026-01-01T10:05:00.2000001Z');
		const key = (i: Record<string, unknown>) =>
			(i.formatted as { fields: Record<string, string> }).fields.event_id;
		expect(key(a)).toBe(key(b));
		expect(key(c)).not.toBe(key(a));
		expect(key(c)).toBe(c.eventId);
	});

	it('is what Fetch Alerts puts in its HEC envelope for the same alert version', () => {
		const item = hecItem('2026-01-01T10:05:00.2Z');
		const env = formatSplunkHec(alert('2026-01-01T10:05:00.2000000Z'), {
			tenantId: TENANT.tenantId,
			tenantLabel: TENANT.label,
		});
		expect(env.fields.event_id).toBe(item.eventId);
	});

	it('is left out when the alert has no version to key on', () => {
		const env = formatSplunkHec({ id: 'x1' }, { tenantId: TENANT.tenantId });
		expect(env.fields).toEqual({ tenant_id: TENANT.tenantId, alert_id: 'x1' });
	});
});
