/**
 * Splunk HTTP Event Collector envelope for `/services/collector/event`. The event is the alert
 * exactly as the API returned it and the sourcetype is the Splunk Add-on for Microsoft Security's
 * `ms:defender:atp:alerts`, so the add-on's CIM mappings apply unchanged; the MSSP's tenant goes
 * into index-time `fields` (flat, string values only, as HEC requires), with `event_id`: the
 * trigger's `eventId` of this alert version, so that a search can drop what a retried delivery sent
 * twice (`| dedup event_id`; HEC itself does not de-duplicate).
 */
import type { IDataObject } from 'n8n-workflow';

import { alertEventId } from '../alerts/eventId';
import { type FormatContext, eventTime, rec, str, tenantOf } from './common';

export const HEC_SOURCETYPE = 'ms:defender:atp:alerts';
export const HEC_SOURCE = 'defender-mssp';

export interface HecEnvelope extends IDataObject {
	time?: number;
	host?: string;
	source: string;
	sourcetype: string;
	index?: string;
	event: IDataObject;
	fields: Record<string, string>;
}

// HEC metadata must be one line; Splunk rejects control characters in host/source/index.
// eslint-disable-next-line no-control-regex
const META_RE = /[\x00-\x1f\x7f]/g;

function meta(v: unknown, max: number): string {
	return str(v).replace(META_RE, ' ').trim().slice(0, max);
}

/** One alert as a HEC event envelope (an object; `JSON.stringify` it, or use the batch builder). */
export function formatSplunkHec(alert: unknown, ctx: FormatContext): HecEnvelope {
	const a = rec(alert);
	const opts = ctx.options ?? {};
	const t = eventTime(a);
	const env: HecEnvelope = {
		source: meta(opts.hecSource, 1024) || HEC_SOURCE,
		sourcetype: meta(opts.hecSourcetype, 1024) || HEC_SOURCETYPE,
		// A non-object alert still yields a non-blank event (HEC code 12/13 otherwise).
		event: a === alert ? (a as IDataObject) : { value: str(alert) },
		fields: {},
	};
	if (t !== null) env.time = Math.floor(t.ms) / 1000;
	const host = meta(opts.hecHost, 1024) || meta(a.computerDnsName, 1024);
	if (host !== '') env.host = host;
	const index = meta(opts.hecIndex, 80);
	if (index !== '') env.index = index;
	const tenant = tenantOf(a, ctx);
	if (tenant !== '') env.fields.tenant_id = tenant;
	const label = str(ctx.tenantLabel);
	if (label !== '') env.fields.tenant_label = label;
	const id = str(a.id);
	if (id !== '') env.fields.alert_id = id;
	if (tenant !== '' && id !== '' && a.lastUpdateTime !== undefined && a.lastUpdateTime !== null)
		env.fields.event_id = alertEventId(tenant, id, a.lastUpdateTime);
	return env;
}

/** A HEC batch body: envelopes concatenated back to back (HEC does not take a JSON array). */
export function buildHecBatch(
	items: ReadonlyArray<{ alert: unknown; context: FormatContext }>,
): string {
	let body = '';
	for (const { alert, context } of items) body += hecLine(formatSplunkHec(alert, context));
	return body;
}

/** Serialises one envelope; falls back to a string event if the alert cannot be serialised. */
export function hecLine(env: HecEnvelope): string {
	try {
		return JSON.stringify(env);
	} catch (error) {
		// Cycles or BigInts in a hand-built alert: keep the envelope, describe the failure.
		const reason = error instanceof Error ? error.message : 'unserialisable alert';
		return JSON.stringify({ ...env, event: { id: str(env.event.id), error: reason } });
	}
}
