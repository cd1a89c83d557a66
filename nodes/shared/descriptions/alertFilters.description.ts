/**
 * The alert filters shared by Defender Fetch Alerts (Get Many) and the Defender Alert Trigger.
 * Parameter values are read by `nodes/shared/alerts/filters.ts`, which turns them into `$filter`.
 */
import type { INodeProperties } from 'n8n-workflow';

import { ALERT_SEVERITIES, ALERT_STATUSES } from '../alerts/types';

const SEVERITY_NAMES: Record<string, string> = {
	UnSpecified: 'Unspecified',
	Informational: 'Informational',
	Low: 'Low',
	Medium: 'Medium',
	High: 'High',
};

const STATUS_NAMES: Record<string, string> = {
	Unknown: 'Unknown',
	New: 'New',
	InProgress: 'In Progress',
	Resolved: 'Resolved',
};

const byName = (a: { name: string }, b: { name: string }) => a.name.localeCompare(b.name);

/** The time window of a listing: relative ("last 24 hours") or absolute (from/to). */
export const timeWindowFields: INodeProperties[] = [
	{
		displayName: 'Time Field',
		name: 'field',
		type: 'options',
		options: [
			{ name: 'Creation Time', value: 'alertCreationTime' },
			{ name: 'Last Update Time', value: 'lastUpdateTime' },
		],
		default: 'alertCreationTime',
		description: 'Which alert time the window applies to',
	},
	{
		displayName: 'Window',
		name: 'mode',
		type: 'options',
		options: [
			{ name: 'Between Two Times', value: 'absolute' },
			{ name: 'Last …', value: 'relative' },
		],
		default: 'relative',
		description: 'A window ending now, or one between two fixed times',
	},
	{
		displayName: 'Last',
		name: 'amount',
		type: 'number',
		typeOptions: { minValue: 1 },
		default: 24,
		description: 'How far back from now the window starts, in the unit below',
		displayOptions: { show: { mode: ['relative'] } },
	},
	{
		displayName: 'Unit',
		name: 'unit',
		type: 'options',
		options: [
			{ name: 'Days', value: 'days' },
			{ name: 'Hours', value: 'hours' },
			{ name: 'Minutes', value: 'minutes' },
		],
		default: 'hours',
		displayOptions: { show: { mode: ['relative'] } },
	},
	{
		displayName: 'From',
		name: 'from',
		type: 'dateTime',
		default: '',
		description: 'Start of the window (inclusive). Leave empty for no lower bound.',
		displayOptions: { show: { mode: ['absolute'] } },
	},
	{
		displayName: 'To',
		name: 'to',
		type: 'dateTime',
		default: '',
		description: 'End of the window (exclusive). Leave empty for no upper bound.',
		displayOptions: { show: { mode: ['absolute'] } },
	},
];

/** The `filters` collection. Every filter is sent to Defender as `$filter`, none is applied locally. */
export const alertFilterProperties: INodeProperties[] = [
	{
		displayName: 'Filters',
		name: 'filters',
		type: 'collection',
		placeholder: 'Add Filter',
		default: {},
		options: [
			{
				displayName: 'Assigned To',
				name: 'assignedTo',
				type: 'string',
				default: '',
				placeholder: 'e.g. analyst@contoso.com',
				description: 'Only alerts assigned to this user (as Defender shows the owner)',
			},
			{
				displayName: 'Category',
				name: 'category',
				type: 'string',
				default: '',
				placeholder: 'e.g. Execution, Malware',
				description:
					'Only alerts in these categories. Separate several with commas; any of them matches.',
			},
			{
				displayName: 'Detection Source',
				name: 'detectionSource',
				type: 'string',
				default: '',
				placeholder: 'e.g. WindowsDefenderAtp, WindowsDefenderAv',
				description:
					'Only alerts from these detection sources. Separate several with commas; any of them matches.',
			},
			{
				displayName: 'Device Group',
				name: 'deviceGroup',
				type: 'string',
				default: '',
				placeholder: 'e.g. Servers',
				description: "Only alerts on devices in this device group (the alert's rbacGroupName)",
			},
			{
				displayName: 'Incident ID',
				name: 'incidentId',
				type: 'string',
				default: '',
				placeholder: 'e.g. 12345',
				description: 'Only alerts that belong to this incident',
			},
			{
				displayName: 'Severity',
				name: 'severity',
				type: 'multiOptions',
				options: ALERT_SEVERITIES.map((v) => ({ name: SEVERITY_NAMES[v], value: v })).sort(byName),
				default: [],
				description: 'Only alerts with one of these severities',
			},
			{
				displayName: 'Status',
				name: 'status',
				type: 'multiOptions',
				options: ALERT_STATUSES.map((v) => ({ name: STATUS_NAMES[v], value: v })).sort(byName),
				default: [],
				description: 'Only alerts with one of these statuses',
			},
			{
				displayName: 'Time Window',
				name: 'timeWindow',
				type: 'fixedCollection',
				default: {},
				placeholder: 'Add Time Window',
				description: 'Only alerts created or last updated within this window',
				options: [{ displayName: 'Window', name: 'window', values: timeWindowFields }],
			},
		],
	},
];
