import { NodeOperationError } from 'n8n-workflow';
import type { IExecuteFunctions } from 'n8n-workflow';

import { isAlertOutput } from '../../shared/alerts/output';
import type { AlertOutput } from '../../shared/alerts/output';

/** The `output` parameter, checked (an expression can yield anything). */
export function readOutput(this: IExecuteFunctions, itemIndex: number): AlertOutput {
	const output = this.getNodeParameter('output', itemIndex, 'simplified');
	if (!isAlertOutput(output)) {
		throw new NodeOperationError(
			this.getNode(),
			`Output "${String(output)}" is not one of the offered choices`,
			{
				itemIndex,
				description: 'Pick an Output from the list, e.g. Simplified or Raw.',
			},
		);
	}
	return output;
}
