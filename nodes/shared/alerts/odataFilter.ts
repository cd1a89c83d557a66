/**
 * Typed conditions → an alerts `$filter`. Every value is rendered as a literal of its field's type
 * (strings quoted with `'` doubled, times as DateTimeOffset, ids as integers, enums checked against
 * the documented values), and field names come from a fixed list, so no user input can change the
 * structure of the query.
 */
import { InputError } from '../transport';
import { ALERT_SEVERITIES, ALERT_STATUSES } from './types';

export type ODataValue = string | number | Date | null;
export type ComparisonOperator = 'eq' | 'ne' | 'gt' | 'ge' | 'lt' | 'le';
export type AlertFilterClause =
	| { field: string; op: ComparisonOperator; value: ODataValue }
	| { field: string; op: 'in'; values: ODataValue[] };

type FieldKind = 'time' | 'long' | 'string' | 'enum';

/** Filterable alert properties (get-alerts.md, plus rbacGroupName and lastEventTime). */
const FIELDS: Record<string, { kind: FieldKind; values?: readonly string[] }> = {
	alertCreationTime: { kind: 'time' },
	lastUpdateTime: { kind: 'time' },
	lastEventTime: { kind: 'time' },
	incidentId: { kind: 'long' },
	investigationId: { kind: 'long' },
	id: { kind: 'string' },
	assignedTo: { kind: 'string' },
	detectionSource: { kind: 'string' },
	category: { kind: 'string' },
	rbacGroupName: { kind: 'string' },
	status: { kind: 'enum', values: ALERT_STATUSES },
	severity: { kind: 'enum', values: ALERT_SEVERITIES },
};

export const FILTERABLE_ALERT_FIELDS: readonly string[] = Object.keys(FIELDS);

const OPERATORS: readonly string[] = ['eq', 'ne', 'gt', 'ge', 'lt', 'le'];

/** `'…'` with every `'` doubled: the only escape an OData string literal has. */
export function quoteString(value: string): string {
	return `'${value.replace(/'/g, "''")}'`;
}

const ISO =
	/^(\d{4}-\d{2}-\d{2})(?:[T ](\d{2}:\d{2})(?::(\d{2}))?(?:\.(\d+))?)?\s*(Z|[+-]\d{2}:?\d{2})?$/i;

/**
 * A DateTimeOffset literal in UTC with 7 fractional digits (`2024-05-01T10:00:00.1234567Z`).
 * ISO strings keep all their digits (a JS Date would drop the 100-ns part); Dates give
 * millisecond precision.
 */
export function formatDateTimeOffset(value: Date | string): string {
	if (value instanceof Date) {
		if (Number.isNaN(value.getTime())) throw new InputError('The date is not valid.');
		return `${value.toISOString().slice(0, 19)}.${String(value.getUTCMilliseconds()).padStart(3, '0')}0000Z`;
	}
	const match = ISO.exec(value.trim());
	if (!match) {
		throw new InputError(
			`"${value.slice(0, 40)}" is not a date and time. Use ISO 8601, e.g. 2024-05-01T10:00:00Z.`,
		);
	}
	const [, date, hm = '00:00', ss = '00', fraction = '', zone = 'Z'] = match;
	const offset = zone.toUpperCase() === 'Z' ? 'Z' : zone.replace(/^([+-]\d{2})(\d{2})$/, '$1:$2');
	const whole = new Date(`${date}T${hm}:${ss}${offset}`);
	if (Number.isNaN(whole.getTime()))
		throw new InputError(`"${value.slice(0, 40)}" is not a valid date.`);
	return `${whole.toISOString().slice(0, 19)}.${fraction.slice(0, 7).padEnd(7, '0')}Z`;
}

function literal(field: string, value: ODataValue): string {
	const def = FIELDS[field];
	if (value === null) return 'null';
	switch (def.kind) {
		case 'time':
			if (!(value instanceof Date) && typeof value !== 'string') {
				throw new InputError(`${field} needs a date and time, not ${typeof value}.`);
			}
			return formatDateTimeOffset(value);
		case 'long': {
			const n = typeof value === 'string' && /^\s*-?\d+\s*$/.test(value) ? Number(value) : value;
			if (typeof n !== 'number' || !Number.isSafeInteger(n)) {
				throw new InputError(`${field} needs a whole number, e.g. 12345.`);
			}
			return String(n);
		}
		case 'enum': {
			const allowed = def.values ?? [];
			const match = allowed.find(
				(v) => typeof value === 'string' && v.toLowerCase() === value.trim().toLowerCase(),
			);
			if (match === undefined) {
				throw new InputError(
					`"${String(value).slice(0, 40)}" is not a valid ${field}. Use one of: ${allowed.join(', ')}.`,
				);
			}
			return quoteString(match);
		}
		default:
			if (typeof value !== 'string' && typeof value !== 'number') {
				throw new InputError(`${field} needs text.`);
			}
			return quoteString(String(value));
	}
}

function checkField(field: string): void {
	if (!Object.prototype.hasOwnProperty.call(FIELDS, field)) {
		throw new InputError(
			`Alerts cannot be filtered by "${field}". Use one of: ${FILTERABLE_ALERT_FIELDS.join(', ')}.`,
		);
	}
}

/** One clause; an `in` renders as `(f eq a or f eq b)`, which every OData server accepts. */
export function renderClause(clause: AlertFilterClause): string {
	checkField(clause.field);
	if (clause.op === 'in') {
		if (clause.values.length === 0)
			throw new InputError(`The list of ${clause.field} values is empty.`);
		const parts = clause.values.map((v) => `${clause.field} eq ${literal(clause.field, v)}`);
		return parts.length === 1 ? parts[0] : `(${parts.join(' or ')})`;
	}
	if (!OPERATORS.includes(clause.op)) throw new Error(`Unknown operator "${String(clause.op)}".`);
	return `${clause.field} ${clause.op} ${literal(clause.field, clause.value)}`;
}

/**
 * Clauses joined with `and`; undefined when there are none. Throws an Error whose message tells the
 * user which value to fix (an InputError: callers make it a node error on the item).
 */
export function buildAlertFilter(clauses: AlertFilterClause[]): string | undefined {
	const parts = clauses.map(renderClause);
	return parts.length === 0 ? undefined : parts.join(' and ');
}
