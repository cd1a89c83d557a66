import { NodeConnectionTypes } from 'n8n-workflow';
import type {
	IExecuteFunctions,
	INodeExecutionData,
	INodeType,
	INodeTypeDescription,
} from 'n8n-workflow';

import { getTenants, searchTenants } from '../shared/methods/listTenants';
import { defenderCredentials } from '../shared/descriptions';
import { properties } from './actions/node.description';
import { router } from './actions/router';

export class DefenderResponse implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Defender Response',
		name: 'defenderResponse',
		icon: { light: 'file:../../icons/defender.svg', dark: 'file:../../icons/defender.dark.svg' },
		group: ['transform'],
		version: 1,
		subtitle: '={{ $parameter["operation"] + ": " + $parameter["resource"] }}',
		description:
			'Respond to threats in customer tenants: isolate, scan or restrict machines and block indicators in Microsoft Defender for Endpoint',
		defaults: { name: 'Defender Response' },
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		credentials: defenderCredentials,
		properties,
	};

	methods = { listSearch: { searchTenants }, loadOptions: { getTenants } };

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return await router.call(this);
	}
}
