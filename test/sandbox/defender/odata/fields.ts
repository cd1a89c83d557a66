/**
 * The filterable properties of `GET /api/alerts` (and, through `EntitySchema`, of the other
 * entities) with their OData kinds, and the one error every OData failure is.
 */
import { SEVERITIES, STATUSES } from '../alertEnums';
import { ApiError } from '../errors';

export type FieldKind = 'time' | 'long' | 'string' | 'enum';

export interface FieldDef {
	/** Property name as the alert JSON spells it. */
	name: string;
	kind: FieldKind;
	/** For enums: allowed values (compared case-insensitively). */
	values?: readonly string[];
	caseSensitive?: boolean;
}

const FIELD_LIST: FieldDef[] = [
	{ name: 'alertCreationTime', kind: 'time' },
	{ name: 'lastUpdateTime', kind: 'time' },
	{ name: 'lastEventTime', kind: 'time' },
	{ name: 'incidentId', kind: 'long' },
	{ name: 'investigationId', kind: 'long' },
	{ name: 'id', kind: 'string', caseSensitive: true },
	{ name: 'assignedTo', kind: 'string' },
	{ name: 'detectionSource', kind: 'string' },
	{ name: 'category', kind: 'string' },
	{ name: 'rbacGroupName', kind: 'string' },
	{ name: 'status', kind: 'enum', values: STATUSES },
	{ name: 'severity', kind: 'enum', values: SEVERITIES },
];

const FIELDS = new Map<string, FieldDef>();
for (const f of FIELD_LIST) FIELDS.set(f.name.toLowerCase(), f);
FIELDS.set('asssignedto', FIELDS.get('assignedto')!); // the docs' spelling

export const FILTERABLE_FIELDS: readonly string[] = FIELD_LIST.map((f) => f.name);

export const ENTITY = 'microsoft.windowsDefenderATP.api.PublicAlert';

export function lookupField(name: string): FieldDef | undefined {
	return FIELDS.get(name.toLowerCase());
}

/** Another entity's filterable properties (machines, machine actions, indicators); default: alerts. */
export interface EntitySchema {
	entity: string;
	fields: readonly FieldDef[];
}

export const ALERT_SCHEMA: EntitySchema = { entity: ENTITY, fields: FIELD_LIST };

export function schemaLookup(schema: EntitySchema): (name: string) => FieldDef | undefined {
	if (schema === ALERT_SCHEMA) return lookupField;
	const byName = new Map(schema.fields.map((f) => [f.name.toLowerCase(), f]));
	return (name) => byName.get(name.toLowerCase());
}

/** Every OData failure: `ApiError(400, 'ODataError', …)` naming the token and its position. */
export function err(message: string): ApiError {
	return new ApiError(400, 'ODataError', message);
}
