import { machineActionOperation } from './common';

export const { description, execute } = machineActionOperation(
	'releaseIsolation',
	'Released from isolation',
	{ type: 'Unisolate', endpoint: 'unisolate' },
);
