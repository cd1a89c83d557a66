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
];
