import type { INodeProperties } from 'n8n-workflow';

import { machineActionOperation } from './common';

const extra: INodeProperties[] = [
	{
		displayName: 'Scan Type',
		name: 'scanType',
		type: 'options',
		options: [
			{ name: 'Full', value: 'Full' },
			{ name: 'Quick', value: 'Quick' },
		],
		default: 'Quick',
	},
];

export const { description, execute } = machineActionOperation(
	'runAntivirusScan',
	'Scanned',
	{
		type: 'RunAntiVirusScan',
		endpoint: 'runAntiVirusScan',
		scope: { field: 'ScanType', parameter: 'scanType' },
	},
	extra,
);
