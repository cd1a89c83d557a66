/**
 * What every machine action shares: machine, comment, Wait for Completion and its timing, and the
 * operation itself (`machineActionOperation`), so each action's file says only what is its own.
 */
import { updateDisplayOptions } from 'n8n-workflow';
import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';

import { runMachineAction } from '../../helpers/runAction';
import type { ActionSpec } from '../../helpers/runAction';
import { machineIdProperty, optionsProperty, singleTenantProperty } from '../common.description';

export const waitOptions: INodeProperties[] = [
	{
		displayName: 'Poll Interval (Seconds)',
		name: 'pollInterval',
		type: 'number',
		typeOptions: { minValue: 1 },
		default: 10,
		description: 'First wait between status checks when waiting; it doubles up to 60 seconds',
	},
	{
		displayName: 'Wait Timeout (Seconds)',
		name: 'waitTimeout',
		type: 'number',
		typeOptions: { minValue: 1 },
		default: 600,
		description:
			'How long to wait for the action to finish. On timeout the node outputs the last status with waitTimedOut set, instead of failing.',
	},
];

/** `verb` completes the default comment: "Isolated by n8n workflow …". */
export function actionProperties(verb: string, extra: INodeProperties[] = []): INodeProperties[] {
	return [
		singleTenantProperty,
		machineIdProperty,
		...extra,
		{
			displayName: 'Comment',
			name: 'comment',
			type: 'string',
			required: true,
			default: `=${verb} by n8n workflow "{{ $workflow.name }}"`,
			description:
				'Why the action is taken; Defender requires it and shows it in the action center',
		},
		{
			displayName: 'Wait for Completion',
			name: 'waitForCompletion',
			type: 'boolean',
			default: false,
			description:
				'Whether to wait until the action succeeded, failed, timed out or was cancelled, and output that final status',
		},
		optionsProperty(waitOptions),
	];
}

/**
 * One machine action as an operation: its properties under `operation`, and an execute that sends
 * `spec` for the item's machine. `verb` completes the default comment.
 */
export function machineActionOperation(
	operation: string,
	verb: string,
	spec: ActionSpec,
	extra: INodeProperties[] = [],
) {
	return {
		description: updateDisplayOptions(
			{ show: { resource: ['machineAction'], operation: [operation] } },
			actionProperties(verb, extra),
		),
		async execute(this: IExecuteFunctions, itemIndex: number): Promise<INodeExecutionData[]> {
			return await runMachineAction.call(this, itemIndex, spec);
		},
	};
}
