/**
 * The "Output" choice shared by Defender Fetch Alerts and the Defender Alert Trigger: raw alerts,
 * a simplified view, one item per evidence, or a SIEM/email format next to the alert
 * (`formatted`). `nodes/shared/alerts/output.ts` shapes the items from these values.
 */
import type { INodePropertyOptions, INodeProperties } from 'n8n-workflow';

import { OUTPUT_FORMAT_OPTIONS } from '../formats';

const SHAPES: INodePropertyOptions[] = [
	{
		name: 'One Item per Evidence',
		value: 'evidence',
		description: "One item per evidence entity, with the alert's key fields on each",
	},
	{ name: 'Raw', value: 'raw', description: 'The alert as Defender returns it' },
	{
		name: 'Simplified',
		value: 'simplified',
		description: 'The fields an analyst reads first, flattened',
	},
];

const FORMATS: INodePropertyOptions[] = OUTPUT_FORMAT_OPTIONS.map((o) => ({
	name: o.name,
	value: o.value,
	description: `The alert plus "formatted": ${o.description.charAt(0).toLowerCase()}${o.description.slice(1)}`,
}));

const SYSLOG: string[] = ['syslogCef', 'syslogLeef'];

/**
 * What real relays need to be told (each option shows only for the formats it changes); every
 * default is the formatter's own, so an empty collection gives what the formatters give.
 */
const formatOptionsProperty: INodeProperties = {
	displayName: 'Format Options',
	name: 'formatOptions',
	type: 'collection',
	placeholder: 'Add Format Option',
	default: {},
	// Raw and One Item per Evidence carry no portal link and no format.
	displayOptions: { hide: { output: ['raw', 'evidence'] } },
	options: [
		{
			displayName: 'CEF Space Before Extension',
			name: 'cefSpaceBeforeExtension',
			type: 'boolean',
			default: false,
			displayOptions: { show: { '/output': ['cef', 'syslogCef'] } },
			description:
				'Whether to put a space after the last header pipe. rsyslog mmnormalize with liblognorm 2.0.6 or older (Debian 12) drops the first letter of the first key without it; Vector rejects it.',
		},
		{
			displayName: 'HEC Index',
			name: 'hecIndex',
			type: 'string',
			default: '',
			placeholder: 'mssp_defender',
			displayOptions: { show: { '/output': ['splunkHec'] } },
			description: "Splunk index for the events. Empty uses the HEC token's default index.",
		},
		{
			displayName: 'LEEF Delimiter',
			name: 'leefDelimiter',
			type: 'string',
			default: 'x09',
			displayOptions: { show: { '/output': ['leef', 'syslogLeef'] } },
			description:
				'Character between LEEF attributes: x09 (tab) or ^ (x5E). Others are refused: LEEF cannot escape them, and punctuation such as . : / - _ would corrupt times, IP addresses, URLs and paths.',
		},
		{
			displayName: 'Portal Base URL',
			name: 'portalBaseUrl',
			type: 'string',
			default: '',
			placeholder: 'https://security.microsoft.com',
			description:
				"Where alert links point. Empty follows the credential's Microsoft cloud (security.microsoft.us for GCC High, security.apps.mil for DoD).",
		},
		{
			displayName: 'Syslog Hostname',
			name: 'syslogHostname',
			type: 'string',
			default: '',
			placeholder: 'n8n.mssp.example',
			displayOptions: { show: { '/output': SYSLOG } },
			description:
				"RFC 5424 HOSTNAME: the name or IP receivers such as QRadar identify the log source by. Empty uses the host of this n8n instance's base URL.",
		},
		{
			displayName: 'Syslog SD-ID Enterprise Number',
			name: 'syslogEnterpriseNumber',
			type: 'number',
			typeOptions: { minValue: 1, numberPrecision: 0 },
			default: 32473,
			displayOptions: { show: { '/output': SYSLOG } },
			description:
				"IANA private enterprise number in the structured data's ID (defender@&lt;number&gt;). 32473 is the number reserved for documentation; use your organisation's.",
		},
		{
			displayName: 'Syslog Timestamp Precision',
			name: 'syslogTimePrecision',
			type: 'options',
			options: [
				{
					name: 'Format Default',
					value: 'formatDefault',
					description: "Milliseconds with LEEF (QRadar's LEEF guide), microseconds with CEF",
				},
				{ name: 'Microseconds', value: 'microseconds' },
				{ name: 'Milliseconds', value: 'milliseconds' },
				{ name: 'Seconds', value: 'seconds' },
			],
			default: 'formatDefault',
			displayOptions: { show: { '/output': SYSLOG } },
			description: 'Fraction digits of the RFC 5424 timestamp',
		},
	],
};

export const alertOutputProperties: INodeProperties[] = [
	{
		displayName: 'Output',
		name: 'output',
		type: 'options',
		// Sorted by name, as n8n's lint expects of option lists.
		options: [...SHAPES, ...FORMATS].sort((a, b) => a.name.localeCompare(b.name)),
		default: 'simplified',
		description:
			'What each output item contains. Every item also carries the customer tenant (tenantId, tenantLabel).',
	},
	formatOptionsProperty,
];
