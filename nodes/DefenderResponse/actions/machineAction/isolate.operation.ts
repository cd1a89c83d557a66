import type { INodeProperties } from 'n8n-workflow';

import { machineActionOperation } from './common';

const extra: INodeProperties[] = [
	{
		displayName: 'Isolation Type',
		name: 'isolationType',
		type: 'options',
		options: [
			{
				name: 'Full',
				value: 'Full',
				description: 'Cut the machine off from the network except the Defender service',
			},
			{
				name: 'Selective',
				value: 'Selective',
				description: 'Keep Outlook, Teams and Skype working (Windows 10 1709+)',
			},
		],
		default: 'Full',
	},
];

export const { description, execute } = machineActionOperation(
	'isolate',
	'Isolated',
	{
		type: 'Isolate',
		endpoint: 'isolate',
		scope: { field: 'IsolationType', parameter: 'isolationType' },
	},
	extra,
);
