import { NodeConnectionTypes } from 'n8n-workflow';
import type {
	IExecuteFunctions,
	INodeExecutionData,
	INodeType,
	INodeTypeDescription,
} from 'n8n-workflow';

import { defenderCredentials } from '../shared/descriptions';
import { properties } from './actions/node.description';
import { router } from './actions/router';
import { listSearch, loadOptions } from './methods';

export class DefenderFetchAlerts implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Defender Fetch Alerts',
		name: 'defenderFetchAlerts',
		icon: { light: 'file:../../icons/defender.svg', dark: 'file:../../icons/defender.dark.svg' },
		group: ['input'],
		version: 1,
		subtitle: '={{ $parameter["operation"] + ": " + $parameter["resource"] }}',
		description: 'Get and update Microsoft Defender for Endpoint alerts across customer tenants',
		defaults: { name: 'Defender Fetch Alerts' },
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		credentials: defenderCredentials,
		properties,
	};

	methods = { listSearch, loadOptions };

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return await router.call(this);
	}
}
