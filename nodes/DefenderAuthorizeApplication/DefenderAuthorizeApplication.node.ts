import { NodeConnectionTypes } from 'n8n-workflow';
import type {
	IExecuteFunctions,
	INodeExecutionData,
	INodeType,
	INodeTypeDescription,
} from 'n8n-workflow';

import { getTenants, searchTenants } from '../shared/methods/listTenants';
import { properties } from './actions/node.description';
import { router } from './actions/router';

export class DefenderAuthorizeApplication implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Defender Authorize Application',
		name: 'defenderAuthorizeApplication',
		icon: { light: 'file:../../icons/defender.svg', dark: 'file:../../icons/defender.dark.svg' },
		group: ['transform'],
		version: 1,
		subtitle: '={{ $parameter["operation"] + ": " + $parameter["resource"] }}',
		description:
			'Onboard customer tenants to the MSSP app: consent links, consent results, access checks and the delegated code flow',
		defaults: { name: 'Defender Authorize Application' },
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'defenderMsspAppApi', required: true }],
		properties,
	};

	methods = { listSearch: { searchTenants }, loadOptions: { getTenants } };

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return await router.call(this);
	}
}
