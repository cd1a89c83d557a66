/**
 * The shared alert filters (descriptions/alertFilters.description.ts) as a validated query and as
 * OData clauses. Pure: the caller passes "now", so relative windows are testable and the trigger
 * can add its own watermark clause to the same list.
 */
import type { IDataObject } from 'n8n-workflow';

import { InputError } from '../transport';
import { buildAlertFilter } from './odataFilter';
import type { AlertFilterClause } from './odataFilter';
import { ALERT_SEVERITIES, ALERT_STATUSES } from './types';

export type AlertTimeField = 'alertCreationTime' | 'lastUpdateTime';

export interface AlertTimeWindow {
	field: AlertTimeField;
	/** Inclusive lower bound. */
	from?: Date;
	/** Exclusive upper bound. */
	to?: Date;
}

/** What the user asked for, validated and normalised. Empty lists mean "no filter". */
export interface AlertQuery {
	severities: string[];
	statuses: string[];
	categories: string[];
	detectionSources: string[];
	assignedTo?: string;
	deviceGroup?: string;
	incidentId?: number;
	window?: AlertTimeWindow;
}

const UNIT_MS: Record<string, number> = { minutes: 60_000, hours: 3_600_000, days: 86_400_000 };

function text(value: unknown): string {
	return typeof value === 'string' ? value.trim() : typeof value === 'number' ? String(value) : '';
}

/** A comma-separated string or an array (from an expression) as a list of non-empty values. */
function list(value: unknown): string[] {
	const raw = Array.isArray(value) ? value.map(text) : text(value).split(',');
	return [...new Set(raw.map((v) => v.trim()).filter((v) => v !== ''))];
}

/** Accepts the canonical enum value in any letter case and returns the canonical spelling. */
function enumList(value: unknown, allowed: readonly string[], label: string): string[] {
	return list(value).map((v) => {
		const match = allowed.find((a) => a.toLowerCase() === v.toLowerCase());
		if (match === undefined) {
			throw new InputError(
				`${label} "${v}" is not a Defender ${label.toLowerCase()}. Use one of: ${allowed.join(', ')}.`,
			);
		}
		return match;
	});
}

function parseDate(value: unknown, label: string): Date | undefined {
	if (value === undefined || value === null || value === '') return undefined;
	const date = value instanceof Date ? value : new Date(text(value));
	if (Number.isNaN(date.getTime())) {
		throw new InputError(
			`${label} "${text(value)}" is not a date and time. Use ISO 8601, e.g. 2024-05-01T00:00:00Z.`,
		);
	}
	return date;
}

/** The time window of the Filters collection (`filters.timeWindow.window`). */
export function resolveTimeWindow(
	window: IDataObject | undefined,
	now: number,
): AlertTimeWindow | undefined {
	if (!window) return undefined;
	const field: AlertTimeField =
		window.field === 'lastUpdateTime' ? 'lastUpdateTime' : 'alertCreationTime';
	if (window.mode === 'absolute') {
		const from = parseDate(window.from, 'Time Window "From"');
		const to = parseDate(window.to, 'Time Window "To"');
		if (from && to && to.getTime() <= from.getTime()) {
			throw new InputError(
				`The time window ends (${to.toISOString()}) before it starts (${from.toISOString()}). Set "To" later than "From".`,
			);
		}
		if (!from && !to) return undefined;
		return { field, ...(from ? { from } : {}), ...(to ? { to } : {}) };
	}
	const amount = Number(window.amount ?? 24);
	const unit = UNIT_MS[text(window.unit) || 'hours'];
	if (!Number.isFinite(amount) || amount <= 0 || unit === undefined) {
		throw new InputError(
			`Time Window "Last" must be a positive number of minutes, hours or days (got "${text(window.amount)}").`,
		);
	}
	return { field, from: new Date(now - amount * unit) };
}

/** Validates the `filters` collection into a query. Throws InputError with advice. */
export function alertQueryFromFilters(filters: IDataObject, now: number): AlertQuery {
	const query: AlertQuery = {
		severities: enumList(filters.severity, ALERT_SEVERITIES, 'Severity'),
		statuses: enumList(filters.status, ALERT_STATUSES, 'Status'),
		categories: list(filters.category),
		detectionSources: list(filters.detectionSource),
	};
	const assignedTo = text(filters.assignedTo);
	if (assignedTo) query.assignedTo = assignedTo;
	const deviceGroup = text(filters.deviceGroup);
	if (deviceGroup) query.deviceGroup = deviceGroup;
	const incident = text(filters.incidentId);
	if (incident) {
		if (!/^\d{1,15}$/.test(incident)) {
			throw new InputError(
				`Incident ID "${incident}" is not a number. Use the incident's numeric ID, e.g. 12345.`,
			);
		}
		query.incidentId = Number(incident);
	}
	const timeWindow = (filters.timeWindow as IDataObject | undefined)?.window as
		| IDataObject
		| undefined;
	const window = resolveTimeWindow(timeWindow, now);
	if (window) query.window = window;
	return query;
}

/** The query as OData clauses, to be joined with `and` by the OData builder. */
export function alertQueryClauses(query: AlertQuery): AlertFilterClause[] {
	const clauses: AlertFilterClause[] = [];
	const many = (field: string, values: string[]) => {
		if (values.length === 1) clauses.push({ field, op: 'eq', value: values[0] });
		else if (values.length > 1) clauses.push({ field, op: 'in', values });
	};
	if (query.window?.from)
		clauses.push({ field: query.window.field, op: 'ge', value: query.window.from });
	if (query.window?.to)
		clauses.push({ field: query.window.field, op: 'lt', value: query.window.to });
	many('severity', query.severities);
	many('status', query.statuses);
	many('category', query.categories);
	many('detectionSource', query.detectionSources);
	if (query.assignedTo) clauses.push({ field: 'assignedTo', op: 'eq', value: query.assignedTo });
	if (query.deviceGroup)
		clauses.push({ field: 'rbacGroupName', op: 'eq', value: query.deviceGroup });
	if (query.incidentId !== undefined)
		clauses.push({ field: 'incidentId', op: 'eq', value: query.incidentId });
	return clauses;
}

/** `$filter` for the query plus any extra clauses (the trigger's watermark); undefined if none. */
export function alertFilterString(
	query: AlertQuery,
	extra: AlertFilterClause[] = [],
): string | undefined {
	return buildAlertFilter([...alertQueryClauses(query), ...extra]);
}
