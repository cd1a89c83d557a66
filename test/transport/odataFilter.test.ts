import { buildAlertFilter, formatDateTimeOffset } from '../../nodes/shared/alerts/odataFilter';
import { parseFilter } from '../sandbox/defender/odata';
import type { FilterNode } from '../sandbox/defender/odata';

describe('OData filter builder', () => {
	it('renders typed clauses', () => {
		expect(
			buildAlertFilter([
				{ field: 'lastUpdateTime', op: 'ge', value: '2024-05-01T10:00:00.1234567Z' },
				{ field: 'severity', op: 'in', values: ['high', 'Medium'] },
				{ field: 'incidentId', op: 'eq', value: 42 },
				{ field: 'assignedTo', op: 'eq', value: "o'brien@contoso.com" },
			]),
		).toBe(
			"lastUpdateTime ge 2024-05-01T10:00:00.1234567Z and (severity eq 'High' or severity eq 'Medium') and incidentId eq 42 and assignedTo eq 'o''brien@contoso.com'",
		);
		expect(buildAlertFilter([])).toBeUndefined();
	});

	it('formats DateTimeOffset with 7 digits in UTC', () => {
		expect(formatDateTimeOffset(new Date(Date.UTC(2024, 0, 2, 3, 4, 5, 6)))).toBe(
			'2024-01-02T03:04:05.0060000Z',
		);
		expect(formatDateTimeOffset('2024-01-02T03:04:05.12Z')).toBe('2024-01-02T03:04:05.1200000Z');
		expect(formatDateTimeOffset('2024-01-02T05:04:05.123456789+02:00')).toBe(
			'2024-01-02T03:04:05.1234567Z',
		);
		expect(formatDateTimeOffset('2024-01-02')).toBe('2024-01-02T00:00:00.0000000Z');
		expect(() => formatDateTimeOffset("2024-01-01' or 1 eq 1")).toThrow(/not a date/);
	});

	it('validates fields, enums and numbers', () => {
		expect(() => buildAlertFilter([{ field: 'title', op: 'eq', value: 'x' }])).toThrow(
			/cannot be filtered/,
		);
		expect(() => buildAlertFilter([{ field: 'status', op: 'eq', value: 'Closed' }])).toThrow(
			/New, InProgress/,
		);
		expect(() =>
			buildAlertFilter([{ field: 'incidentId', op: 'eq', value: '1 or 1 eq 1' }]),
		).toThrow(/whole number/);
		expect(() => buildAlertFilter([{ field: 'id', op: 'eq; drop' as 'eq', value: 'x' }])).toThrow(
			/Unknown operator/,
		);
	});

	const attacks = [
		"x' or severity eq 'High",
		"') or (1 eq 1",
		"' and alertCreationTime ge 1900-01-01T00:00:00Z or 'a' eq 'a",
		"''''",
		'%27 or 1 eq 1',
		'\u2019 or true',
		"a'); $top=1",
	];
	it.each(attacks)('keeps %p inside one string literal', (attack) => {
		const filter = buildAlertFilter([
			{ field: 'category', op: 'eq', value: attack },
			{ field: 'status', op: 'eq', value: 'New' },
		])!;
		// The sandbox's OData parser (a faithful one) sees exactly: category eq <attack> and status eq 'New'.
		const tree = parseFilter(filter) as FilterNode;
		expect(tree.type).toBe('and');
		const { left, right } = tree as Extract<FilterNode, { type: 'and' | 'or' }>;
		expect(left).toMatchObject({ type: 'compare', op: 'eq', field: { name: 'category' } });
		expect(JSON.stringify((left as { value: unknown }).value)).toContain(
			JSON.stringify(attack).slice(1, -1),
		);
		expect(right).toMatchObject({ type: 'compare', op: 'eq', field: { name: 'status' } });
	});
});
