import type { INodeProperties } from 'n8n-workflow';

import * as collectInvestigationPackage from './collectInvestigationPackage.operation';
import * as getStatus from './getStatus.operation';
import * as isolate from './isolate.operation';
import * as releaseIsolation from './releaseIsolation.operation';
import * as removeAppRestriction from './removeAppRestriction.operation';
import * as restrictAppExecution from './restrictAppExecution.operation';
import * as runAntivirusScan from './runAntivirusScan.operation';

export {
	collectInvestigationPackage,
	getStatus,
	isolate,
	releaseIsolation,
	removeAppRestriction,
	restrictAppExecution,
	runAntivirusScan,
};

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['machineAction'] } },
		options: [
			{
				name: 'Collect Investigation Package',
				value: 'collectInvestigationPackage',
				description:
					'Collect forensic data from a machine; the download link comes with the finished action',
				action: 'Collect an investigation package',
			},
			{
				name: 'Get Status',
				value: 'getStatus',
				description: "Get a machine action's current status",
				action: 'Get the status of a machine action',
			},
			{
				name: 'Isolate',
				value: 'isolate',
				description: 'Isolate a machine from the network (full or selective)',
				action: 'Isolate a machine',
			},
			{
				name: 'Release From Isolation',
				value: 'releaseIsolation',
				description: 'Undo an isolation',
				action: 'Release a machine from isolation',
			},
			{
				name: 'Remove App Restriction',
				value: 'removeAppRestriction',
				description: 'Allow applications not signed by Microsoft to run again',
				action: 'Remove app restriction from a machine',
			},
			{
				name: 'Restrict App Execution',
				value: 'restrictAppExecution',
				description: 'Allow only Microsoft-signed applications to run',
				action: 'Restrict app execution on a machine',
			},
			{
				name: 'Run Antivirus Scan',
				value: 'runAntivirusScan',
				description: 'Run a quick or full Microsoft Defender Antivirus scan',
				action: 'Run an antivirus scan on a machine',
			},
		],
		default: 'isolate',
	},
	...isolate.description,
	...releaseIsolation.description,
	...runAntivirusScan.description,
	...restrictAppExecution.description,
	...removeAppRestriction.description,
	...collectInvestigationPackage.description,
	...getStatus.description,
];
