import { machineActionOperation } from './common';

export const { description, execute } = machineActionOperation(
	'restrictAppExecution',
	'App execution restricted',
	{ type: 'RestrictCodeExecution', endpoint: 'restrictCodeExecution' },
);
