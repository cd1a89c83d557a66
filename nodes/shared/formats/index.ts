/**
 * Output formats for Defender alerts: one registry so the nodes expose a single "Output Format"
 * option and put the result next to the alert (`json.formatted`). Every format is total: any
 * input gives a valid value and never throws.
 */
import type { IDataObject } from 'n8n-workflow';

import { formatCef } from './cef';
import type { FormatContext } from './common';
import { formatEcs } from './ecs';
import { formatEmail } from './email/digest';
import { formatLeef } from './leef';
import { formatSentinel } from './sentinel';
import { formatSplunkHec } from './splunkHec';
import { formatSyslogCef, formatSyslogLeef } from './syslog';

export type OutputFormat =
	| 'cef'
	| 'leef'
	| 'splunkHec'
	| 'ecs'
	| 'sentinel'
	| 'syslogCef'
	| 'syslogLeef'
	| 'email';

type Formatter = (alert: unknown, ctx: FormatContext) => string | IDataObject;

const FORMATTERS: Readonly<Record<OutputFormat, Formatter>> = {
	cef: formatCef,
	leef: formatLeef,
	splunkHec: formatSplunkHec,
	ecs: formatEcs,
	sentinel: formatSentinel,
	syslogCef: formatSyslogCef,
	syslogLeef: formatSyslogLeef,
	email: formatEmail,
};

/** Options for a node's "Output Format" dropdown. */
export const OUTPUT_FORMAT_OPTIONS: ReadonlyArray<{
	name: string;
	value: OutputFormat;
	description: string;
}> = [
	{ name: 'CEF (ArcSight, QRadar, Sentinel CEF)', value: 'cef', description: 'A CEF:0 line' },
	{
		name: 'ECS Document (Elastic)',
		value: 'ecs',
		description: 'An Elastic Common Schema document',
	},
	{
		name: 'Email Notification',
		value: 'email',
		description: 'Subject, text and HTML for Send Email',
	},
	{ name: 'LEEF 2.0 (QRadar)', value: 'leef', description: 'A LEEF 2.0 event' },
	{ name: 'Sentinel Record', value: 'sentinel', description: 'A Logs Ingestion API record' },
	{ name: 'Splunk HEC Event', value: 'splunkHec', description: 'An HTTP Event Collector envelope' },
	{
		name: 'Syslog RFC 5424 With CEF',
		value: 'syslogCef',
		description: 'A syslog line carrying CEF',
	},
	{
		name: 'Syslog RFC 5424 With LEEF',
		value: 'syslogLeef',
		description: 'A syslog line carrying LEEF',
	},
];

export function isOutputFormat(v: unknown): v is OutputFormat {
	return typeof v === 'string' && Object.prototype.hasOwnProperty.call(FORMATTERS, v);
}

/** Formats one alert; `alert` may be anything (nulls and wrong types are tolerated). */
export function formatAlert(
	format: OutputFormat,
	alert: unknown,
	context: FormatContext,
): string | IDataObject {
	const f = FORMATTERS[format];
	if (f === undefined) throw new Error(`Unknown output format "${String(format)}"`);
	return f(alert, context ?? { tenantId: '' });
}

export type { FormatContext, FormatOptions } from './common';
export { severityOf } from './common';
export { formatCef } from './cef';
export { formatLeef } from './leef';
export { formatSplunkHec, buildHecBatch, hecLine, HEC_SOURCETYPE } from './splunkHec';
export { formatEcs } from './ecs';
export { formatSentinel, SENTINEL_COLUMNS } from './sentinel';
export { formatSyslogCef, formatSyslogLeef, octetFrame, syslogLine } from './syslog';
export { formatEmail, buildEmailDigest } from './email/digest';
export type { EmailMessage, DigestItem } from './email/digest';
