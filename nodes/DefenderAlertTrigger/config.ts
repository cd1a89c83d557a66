/**
 * The trigger's parameters, read once per poll and checked: an expression can yield anything, and
 * a bad value must fail with advice rather than silently widen or narrow what is emitted.
 */
import { NodeOperationError } from 'n8n-workflow';
import type { IDataObject, IPollFunctions } from 'n8n-workflow';

import { scanFieldOf } from '../shared/alerts/cursor';
import type { AlertEventType, CursorOptions, UpdateMode } from '../shared/alerts/cursor';
import { alertQueryFromFilters } from '../shared/alerts/filters';
import type { AlertQuery } from '../shared/alerts/filters';
import { isAlertOutput, outputNeedsEvidence } from '../shared/alerts/output';
import type { AlertOutput } from '../shared/alerts/output';
import type { FormatOptions } from '../shared/formats';
import { asNodeError, isInputError, tenantConcurrency } from '../shared/transport';

export interface TriggerConfig {
	cursor: CursorOptions;
	query: AlertQuery;
	output: AlertOutput;
	/** The Format Options, read after the credential (poll.ts), since the portal follows its cloud. */
	formatOptions?: FormatOptions;
	includeEvidence: boolean;
	concurrency: number;
}

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

function nonNegative(value: unknown, fallback: number): number {
	const n = typeof value === 'number' ? value : Number(value);
	return Number.isFinite(n) && n >= 0 ? n : fallback;
}

/** Filters an alert can start (or stop) matching after its creation. */
function filtersOnChangingFields(query: AlertQuery): boolean {
	return (
		query.severities.length > 0 ||
		query.statuses.length > 0 ||
		query.assignedTo !== undefined ||
		query.incidentId !== undefined
	);
}

export function readTriggerConfig(this: IPollFunctions): TriggerConfig {
	const fail = (message: string, description: string) =>
		new NodeOperationError(this.getNode(), message, { description });
	const rawEvents = this.getNodeParameter('events', ['created']) as unknown;
	const list = Array.isArray(rawEvents) ? rawEvents : [rawEvents];
	const events = list.filter((e): e is AlertEventType => e === 'created' || e === 'updated');
	if (events.length === 0) {
		throw fail(
			'No event is selected',
			'Pick "New Alert", "Alert Updated" or both under "Trigger On".',
		);
	}
	const updateMode: UpdateMode =
		this.getNodeParameter('updateMode', 'any') === 'statusClassificationAssignment'
			? 'statusClassificationAssignment'
			: 'any';
	const output = this.getNodeParameter('output', 'simplified');
	if (!isAlertOutput(output)) {
		throw fail(
			`Output "${String(output)}" is not one of the offered choices`,
			'Pick an Output from the list.',
		);
	}
	const filters = { ...(this.getNodeParameter('filters', {}) as IDataObject) };
	// The cursor owns the time window; a window left over from a copied Fetch Alerts node is ignored.
	delete filters.timeWindow;
	let query: AlertQuery;
	try {
		query = alertQueryFromFilters(filters, Date.now());
	} catch (error) {
		if (isInputError(error)) throw fail(error.message, 'Fix the value under "Filters".');
		throw asNodeError(this.getNode(), error);
	}
	const options = this.getNodeParameter('options', {}) as IDataObject;
	const overlapMs = nonNegative(options.overlapMinutes, 5) * MINUTE;
	return {
		cursor: {
			events,
			updateMode,
			overlapMs,
			safetyLagMs: 0,
			backfillMs: nonNegative(options.backfillHours, 0) * HOUR,
			memoryMs: Math.max(nonNegative(options.memoryHours, 168) * HOUR, overlapMs),
			maxEventsPerPoll: Math.floor(nonNegative(options.maxEventsPerPoll, 0)),
			maxRecords: Math.floor(nonNegative(options.memoryMaxAlerts, 1000)),
			scanField: scanFieldOf(events, filtersOnChangingFields(query)),
		},
		query,
		output,
		includeEvidence: options.includeEvidence === true || outputNeedsEvidence(output),
		concurrency: Math.min(tenantConcurrency(options), 50),
	};
}
