/** Fields every machine action shares: machine, comment, Wait for Completion and its timing. */
import type { INodeProperties } from 'n8n-workflow';

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
