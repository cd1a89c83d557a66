/** Fields several operations share: the tenant picker, the machine, and the Options collection. */
import type { INodeProperties } from 'n8n-workflow';

import { maxRetryWaitOption } from '../../shared/descriptions';

/** Most operations act in one customer tenant, so the picker shows without a scope choice. */
export { singleTenantProperty } from '../../shared/descriptions';

export const machineIdProperty: INodeProperties = {
	displayName: 'Machine ID',
	name: 'machineId',
	type: 'string',
	required: true,
	default: '',
	placeholder: 'e.g. 1e5bc9d7e413ddd7902c2932e418702b84d0cc07',
	description: "The machine's Defender ID (e.g. an alert's machineId) or its computer DNS name",
};

export const optionsProperty = (extra: INodeProperties[] = []): INodeProperties => ({
	displayName: 'Options',
	name: 'options',
	type: 'collection',
	placeholder: 'Add Option',
	default: {},
	options: [maxRetryWaitOption, ...extra].sort((a, b) =>
		a.displayName.localeCompare(b.displayName),
	),
});
