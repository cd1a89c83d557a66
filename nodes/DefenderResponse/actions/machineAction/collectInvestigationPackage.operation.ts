import { machineActionOperation } from './common';

export const { description, execute } = machineActionOperation(
	'collectInvestigationPackage',
	'Investigation package collected',
	{ type: 'CollectInvestigationPackage', endpoint: 'collectInvestigationPackage' },
);
