/**
 * The Defender Alert Trigger's parameters. Tenant scope, filters and output are the shared
 * descriptions Fetch Alerts uses, so both nodes offer the same choices and read them with the same
 * code; only the time window differs: the trigger's window is its cursor's, not the user's.
 */
import type { INodeProperties } from 'n8n-workflow';

import { alertFilterProperties } from '../shared/descriptions/alertFilters.description';
import { alertOutputProperties } from '../shared/descriptions/alertOutput.description';
import {
	authenticationProperty,
	maxRetryWaitOption,
	tenantConcurrencyOption,
	tenantScopeProperties,
} from '../shared/descriptions';

/** The shared Filters collection without its Time Window (the cursor decides the window). */
const triggerFilters: INodeProperties[] = alertFilterProperties.map((property) =>
	property.name === 'filters' && property.type === 'collection'
		? {
				...property,
				options: (property.options as INodeProperties[]).filter((o) => o.name !== 'timeWindow'),
			}
		: property,
);

export const triggerProperties: INodeProperties[] = [
	authenticationProperty,
	...tenantScopeProperties,
	{
		displayName: 'Trigger On',
		name: 'events',
		type: 'multiOptions',
		required: true,
		options: [
			{
				name: 'Alert Updated',
				value: 'updated',
				description: 'An alert seen before changed (its last update time moved)',
			},
			{ name: 'New Alert', value: 'created', description: 'An alert appeared for the first time' },
		],
		default: ['created'],
		description:
			'Which alert changes start the workflow. Each item says which one it is in "event".',
	},
	{
		displayName: 'Updates to Report',
		name: 'updateMode',
		type: 'options',
		displayOptions: { show: { events: ['updated'] } },
		options: [
			{
				name: 'Any Change',
				value: 'any',
				description: 'Every change Defender records, including comments and severity',
			},
			{
				name: 'Status, Classification or Assignment',
				value: 'statusClassificationAssignment',
				description:
					'Only when status, classification, determination or assigned user differ from what this trigger last emitted for the alert',
			},
		],
		default: 'any',
	},
	...triggerFilters,
	...alertOutputProperties,
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		options: [
			{
				displayName: 'Backfill on First Run (Hours)',
				name: 'backfillHours',
				type: 'number',
				typeOptions: { minValue: 0 },
				default: 0,
				description:
					'On activation, also emit alerts updated this many hours before it (all of them, paged). 0 starts from now.',
			},
			{
				displayName: 'Include Evidence',
				name: 'includeEvidence',
				type: 'boolean',
				default: false,
				description:
					"Whether to include each alert's evidence (files, processes, users, IPs…). Always on for One Item per Evidence.",
			},
			{
				displayName: 'Max Alerts per Poll and Tenant',
				name: 'maxEventsPerPoll',
				type: 'number',
				typeOptions: { minValue: 0 },
				default: 0,
				description:
					'Emit at most this many alerts per tenant in one poll, oldest first; the rest follow in the next polls. 0 emits everything.',
			},
			maxRetryWaitOption,
			{
				displayName: 'Overlap Window (Minutes)',
				name: 'overlapMinutes',
				type: 'number',
				typeOptions: { minValue: 0 },
				default: 5,
				description:
					'How far each poll looks back behind the last one, so alerts Defender indexes late are still caught. Alerts are never emitted twice.',
			},
			{
				displayName: 'Remember Alerts For (Hours)',
				name: 'memoryHours',
				type: 'number',
				typeOptions: { minValue: 1 },
				default: 168,
				description:
					"How long the trigger remembers what it emitted for an alert, to say which fields an update changed. Older alerts' updates are still emitted, with changedFields unknown.",
			},
			{
				displayName: 'Remember At Most (Alerts per Tenant)',
				name: 'memoryMaxAlerts',
				type: 'number',
				typeOptions: { minValue: 0 },
				default: 1000,
				description:
					"Caps what the trigger remembers per tenant to the most recent alerts (n8n rewrites the workflow's static data on every poll, so it must stay small). Alerts inside the overlap window are always kept, so nothing is emitted twice, and while a tenant works through a backlog the cap waits until it has caught up, so an alert updated while it waited (less than Remember Alerts For) is still reported as new. 0 = no cap (Remember Alerts For alone).",
			},
			tenantConcurrencyOption('polled'),
		],
	},
];
