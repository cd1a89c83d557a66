/**
 * Severity: no standard maps MDE severities onto CEF, LEEF, syslog or ECS scales, so this is our
 * own table, one row per MDE severity, every target scale in one place.
 */

export interface SeverityRow {
	/** Canonical MDE name. */
	name: 'UnSpecified' | 'Informational' | 'Low' | 'Medium' | 'High';
	cef: number;
	leef: number;
	syslog: number;
	ecs: number;
	/** Rank for sorting (High first). */
	rank: number;
	/** Colour used in email. */
	colour: string;
}

const SEVERITY_ROWS: Record<string, SeverityRow> = {
	unspecified: {
		name: 'UnSpecified',
		cef: 0,
		leef: 1,
		syslog: 6,
		ecs: 21,
		rank: 4,
		colour: '#605e5c',
	},
	informational: {
		name: 'Informational',
		cef: 1,
		leef: 1,
		syslog: 6,
		ecs: 21,
		rank: 3,
		colour: '#0078d4',
	},
	low: { name: 'Low', cef: 3, leef: 3, syslog: 5, ecs: 21, rank: 2, colour: '#498205' },
	medium: { name: 'Medium', cef: 5, leef: 5, syslog: 4, ecs: 47, rank: 1, colour: '#ca5010' },
	high: { name: 'High', cef: 8, leef: 8, syslog: 3, ecs: 73, rank: 0, colour: '#d13438' },
};

/** Severity row for any value; unknown, null or wrong-typed severities map to UnSpecified. */
export function severityOf(v: unknown): SeverityRow {
	if (typeof v !== 'string') return SEVERITY_ROWS.unspecified;
	return SEVERITY_ROWS[v.toLowerCase()] ?? SEVERITY_ROWS.unspecified;
}

export const SEVERITY_ORDER: readonly SeverityRow['name'][] = [
	'High',
	'Medium',
	'Low',
	'Informational',
	'UnSpecified',
];
