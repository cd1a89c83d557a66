import { NodeOperationError, updateDisplayOptions } from 'n8n-workflow';
import type {
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	INodeProperties,
} from 'n8n-workflow';

import {
	buildIndicatorBody,
	chunk,
	INDICATOR_ACTIONS,
	MAX_IMPORT_BATCH,
} from '../../helpers/indicatorBody';
import { asNodeError, isInputError } from '../../../shared/transport';
import type { IndicatorInput } from '../../helpers/indicatorBody';
import { request, singleTenant, tenantFields } from '../../helpers/target';
import { optionsProperty, singleTenantProperty } from '../common.description';

const properties: INodeProperties[] = [
	singleTenantProperty,
	{
		displayName: 'Indicators',
		name: 'indicators',
		type: 'json',
		required: true,
		default: '[]',
		placeholder: '[{ "indicatorValue": "evil.example.com", "action": "Block" }]',
		description:
			'Array of indicators: each has indicatorValue and optionally indicatorType, action, title, description, severity, expiration, rbacGroupNames, generateAlert. Sent 500 per call.',
	},
	{
		displayName: 'Defaults',
		name: 'defaults',
		type: 'collection',
		placeholder: 'Add Default',
		default: {},
		description: 'Used for rows that do not set the field themselves',
		options: [
			{
				displayName: 'Action',
				name: 'action',
				type: 'options',
				options: INDICATOR_ACTIONS.map((a) => ({ name: a, value: a })),
				default: 'Block',
			},
			{
				displayName: 'Expiration',
				name: 'expiration',
				type: 'string',
				default: '30d',
				placeholder: 'e.g. 30d or 2026-12-31',
			},
			{
				displayName: 'Generate Alert',
				name: 'generateAlert',
				type: 'boolean',
				default: false,
				description: 'Whether Defender raises an alert when an indicator matches',
			},
			{
				displayName: 'Severity',
				name: 'severity',
				type: 'options',
				options: ['High', 'Informational', 'Low', 'Medium'].map((s) => ({ name: s, value: s })),
				default: 'Medium',
			},
		],
	},
	optionsProperty(),
];

export const description = updateDisplayOptions(
	{ show: { resource: ['indicator'], operation: ['batchImport'] } },
	properties,
);

interface RowResult {
	row: number;
	indicator: string;
	id: string | null;
	isFailed: boolean;
	failureReason: string | null;
	batch: number | null;
}

function readRows(this: IExecuteFunctions, itemIndex: number): IndicatorInput[] {
	let raw = this.getNodeParameter('indicators', itemIndex, []) as unknown;
	if (typeof raw === 'string') {
		try {
			raw = JSON.parse(raw);
		} catch {
			throw new NodeOperationError(
				this.getNode(),
				'Indicators is not valid JSON. Give an array of objects with indicatorValue.',
				{ itemIndex },
			);
		}
	}
	if (!Array.isArray(raw)) {
		throw new NodeOperationError(
			this.getNode(),
			'Indicators must be an array of objects with indicatorValue.',
			{ itemIndex },
		);
	}
	return raw.map((r) =>
		typeof r === 'string' ? { indicatorValue: r } : ((r ?? {}) as IndicatorInput),
	);
}

export async function execute(
	this: IExecuteFunctions,
	itemIndex: number,
): Promise<INodeExecutionData[]> {
	const target = await singleTenant.call(this, itemIndex);
	const defaults = this.getNodeParameter('defaults', itemIndex, {}) as IDataObject;
	const rows = readRows.call(this, itemIndex);
	const results: RowResult[] = new Array(rows.length);
	const valid: Array<{ row: number; body: IDataObject }> = [];
	const now = Date.now();
	rows.forEach((input, row) => {
		try {
			valid.push({ row, body: buildIndicatorBody({ ...defaults, ...input }, now) });
		} catch (error) {
			if (!isInputError(error)) throw asNodeError(this.getNode(), error, { itemIndex });
			const indicator =
				typeof input.indicatorValue === 'string'
					? input.indicatorValue
					: String(input.indicatorValue ?? '');
			results[row] = {
				row,
				indicator,
				id: null,
				isFailed: true,
				failureReason: error.message,
				batch: null,
			};
		}
	});
	const batches = chunk(valid, MAX_IMPORT_BATCH);
	for (let b = 0; b < batches.length; b++) {
		const reply = await request.call(this, target, itemIndex, {
			method: 'POST',
			path: '/api/indicators/import',
			body: { Indicators: batches[b].map((v) => v.body) },
			family: 'indicatorsImport',
		});
		const value = (Array.isArray(reply.value) ? reply.value : []) as IDataObject[];
		batches[b].forEach((v, k) => {
			const r = value[k];
			results[v.row] = {
				row: v.row,
				indicator: String(v.body.indicatorValue),
				id: r?.id === undefined || r.id === null ? null : String(r.id),
				isFailed: r ? r.isFailed === true : true,
				failureReason: r
					? ((r.failureReason as string | null) ?? null)
					: 'Defender returned no result for this row.',
				batch: b + 1,
			};
		});
	}
	const tenant = tenantFields(target.tenant);
	return results.map((r) => ({ json: { ...r, ...tenant }, pairedItem: { item: itemIndex } }));
}
