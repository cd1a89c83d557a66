import { NodeConnectionTypes } from 'n8n-workflow';
import type {
	INodeExecutionData,
	INodeType,
	INodeTypeDescription,
	IPollFunctions,
} from 'n8n-workflow';

import { defenderCredentials } from '../shared/descriptions';
import { getTenants, searchTenants } from '../shared/methods/listTenants';
import { triggerProperties } from './description';
import { pollAlerts } from './poll';

export class DefenderAlertTrigger implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Defender Alert Trigger',
		name: 'defenderAlertTrigger',
		icon: { light: 'file:../../icons/defender.svg', dark: 'file:../../icons/defender.dark.svg' },
		group: ['trigger'],
		version: 1,
		subtitle: '={{ "On " + $parameter["events"].join(" and ") + " alerts" }}',
		description:
			'Starts the workflow on new or updated Microsoft Defender for Endpoint alerts across customer tenants, each exactly once',
		defaults: { name: 'Defender Alert Trigger' },
		polling: true,
		inputs: [],
		outputs: [NodeConnectionTypes.Main],
		credentials: defenderCredentials,
		properties: triggerProperties,
	};

	methods = { listSearch: { searchTenants }, loadOptions: { getTenants } };

	async poll(this: IPollFunctions): Promise<INodeExecutionData[][] | null> {
		return await pollAlerts.call(this);
	}
}
