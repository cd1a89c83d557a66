/**
 * Fields shared by the single-alert operations: the one customer tenant they act in, the alert
 * locator, and the update fields with only valid classification/determination combinations.
 */
import type { INodeProperties } from 'n8n-workflow';

import { DETERMINATIONS_BY_CLASSIFICATION } from '../../shared/alerts/types';
import { ALERT_ID_PATTERN } from '../../shared/execution';

/** Get/Update/Batch Update act in one tenant, so the tenant picker shows without a scope choice. */
export { singleTenantProperty } from '../../shared/descriptions';

export const alertIdLocator: INodeProperties = {
	displayName: 'Alert',
	name: 'alertId',
	type: 'resourceLocator',
	default: { mode: 'list', value: '' },
	required: true,
	modes: [
		{
			displayName: 'From List',
			name: 'list',
			type: 'list',
			typeOptions: { searchListMethod: 'searchAlerts', searchable: true },
		},
		{
			displayName: 'By ID',
			name: 'id',
			type: 'string',
			placeholder: 'e.g. da637472900382838869_1364969609',
			validation: [
				{
					type: 'regex',
					properties: { regex: ALERT_ID_PATTERN, errorMessage: 'Not a Defender alert ID' },
				},
			],
		},
		{
			displayName: 'By URL',
			name: 'url',
			type: 'string',
			placeholder: 'e.g. https://security.microsoft.com/alerts/da637472900382838869_1364969609',
			extractValue: { type: 'regex', regex: '/alerts/([A-Za-z0-9_-]+)' },
			validation: [
				{
					type: 'regex',
					properties: {
						// n8n anchors validation as ^…$; the portal URL goes on with ?tid=…
						regex: 'https://[^/]+/alerts/[A-Za-z0-9_-]+(?:[?#].*)?',
						errorMessage: 'Not a Defender portal alert URL',
					},
				},
			],
		},
	],
};

const NAMES: Record<string, string> = {
	ConfirmedUserActivity: 'Confirmed User Activity',
	Clean: 'Clean',
	CompromisedUser: 'Compromised User',
	InsufficientData: 'Insufficient Data',
	LineOfBusinessApplication: 'Line of Business Application',
	MaliciousUserActivity: 'Malicious User Activity',
	Malware: 'Malware',
	MultiStagedAttack: 'Multi Staged Attack',
	Other: 'Other',
	Phishing: 'Phishing',
	SecurityTesting: 'Security Testing',
	UnwantedSoftware: 'Unwanted Software',
};

/** One Determination field per classification, so only the values Defender accepts are offered. */
const determinationFields: INodeProperties[] = Object.entries(DETERMINATIONS_BY_CLASSIFICATION).map(
	([classification, values]) => ({
		displayName: 'Determination',
		name: 'determination',
		type: 'options',
		options: [
			{ name: "Don't Change", value: '' },
			...values
				.map((v) => ({ name: NAMES[v] ?? v, value: v }))
				.sort((a, b) => a.name.localeCompare(b.name)),
		],
		default: '',
		description: 'Why the alert has this classification',
		displayOptions: { show: { classification: [classification] } },
	}),
);

export const updateFieldProperties: INodeProperties[] = [
	{
		displayName: 'Classification',
		name: 'classification',
		type: 'options',
		options: [
			{ name: "Don't Change", value: '' },
			{ name: 'False Positive', value: 'FalsePositive' },
			{ name: 'Informational, Expected Activity', value: 'InformationalExpectedActivity' },
			{ name: 'True Positive', value: 'TruePositive' },
		],
		default: '',
	},
	...determinationFields,
	{
		displayName: 'Update Fields',
		name: 'updateFields',
		type: 'collection',
		placeholder: 'Add Field',
		default: {},
		options: [
			{
				displayName: 'Assigned To',
				name: 'assignedTo',
				type: 'string',
				default: '',
				placeholder: 'e.g. analyst@contoso.com',
				description: 'The owner of the alert',
			},
			{
				displayName: 'Comment',
				name: 'comment',
				type: 'string',
				typeOptions: { rows: 3 },
				default: '',
				description: "A comment added to the alert's history",
			},
			{
				displayName: 'Status',
				name: 'status',
				type: 'options',
				options: [
					{ name: 'In Progress', value: 'InProgress' },
					{ name: 'New', value: 'New' },
					{ name: 'Resolved', value: 'Resolved' },
				],
				default: 'InProgress',
			},
		],
	},
];
