import { machineActionOperation } from './common';

export const { description, execute } = machineActionOperation(
	'removeAppRestriction',
	'App restriction removed',
	{ type: 'UnrestrictCodeExecution', endpoint: 'unrestrictCodeExecution' },
);
