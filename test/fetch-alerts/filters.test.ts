import { alertFilterString, alertQueryFromFilters } from '../../nodes/shared/alerts/filters';
import { InputError } from '../../nodes/shared/transport';

const NOW = Date.UTC(2024, 4, 10, 12, 0, 0);

describe('alert filters → $filter', () => {
	it('renders every filter as one quoted, escaped clause joined with and', () => {
		const query = alertQueryFromFilters(
			{
				severity: ['high', 'Medium'],
				status: ['New'],
				category: "Execution, O'Brien",
				detectionSource: 'WindowsDefenderAv',
				assignedTo: 'a@b.com',
				deviceGroup: 'Servers',
				incidentId: '42',
				timeWindow: {
					window: { field: 'lastUpdateTime', mode: 'relative', amount: 2, unit: 'hours' },
				},
			},
			NOW,
		);
		expect(alertFilterString(query)).toBe(
			"lastUpdateTime ge 2024-05-10T10:00:00.0000000Z and (severity eq 'High' or severity eq 'Medium') and status eq 'New' and (category eq 'Execution' or category eq 'O''Brien') and detectionSource eq 'WindowsDefenderAv' and assignedTo eq 'a@b.com' and rbacGroupName eq 'Servers' and incidentId eq 42",
		);
	});

	it('gives no filter for an empty collection and accepts arrays from expressions', () => {
		expect(alertFilterString(alertQueryFromFilters({}, NOW))).toBeUndefined();
		const q = alertQueryFromFilters({ category: ['Malware', ' ', 'Malware'] }, NOW);
		expect(q.categories).toEqual(['Malware']);
	});

	it('absolute windows: from inclusive, to exclusive, either side optional', () => {
		const q = alertQueryFromFilters(
			{
				timeWindow: {
					window: { mode: 'absolute', from: '2024-05-01T00:00:00Z', to: '2024-05-02T00:00:00Z' },
				},
			},
			NOW,
		);
		expect(alertFilterString(q)).toBe(
			'alertCreationTime ge 2024-05-01T00:00:00.0000000Z and alertCreationTime lt 2024-05-02T00:00:00.0000000Z',
		);
		const open = alertQueryFromFilters(
			{ timeWindow: { window: { mode: 'absolute', to: '2024-05-02T00:00:00Z' } } },
			NOW,
		);
		expect(alertFilterString(open)).toBe('alertCreationTime lt 2024-05-02T00:00:00.0000000Z');
	});

	it.each([
		[
			{
				timeWindow: {
					window: { mode: 'absolute', from: '2024-05-02T00:00:00Z', to: '2024-05-01T00:00:00Z' },
				},
			},
			/ends .* before it starts/,
		],
		[{ timeWindow: { window: { mode: 'absolute', from: 'yesterday' } } }, /not a date and time/],
		[{ timeWindow: { window: { mode: 'relative', amount: 0, unit: 'hours' } } }, /positive number/],
		[{ severity: ['Critical'] }, /Severity "Critical" is not a Defender severity.*High/],
		[{ status: 'Open' }, /Status "Open".*InProgress/],
		[{ incidentId: '12a' }, /Incident ID "12a" is not a number/],
	])('rejects %j with advice', (filters, message) => {
		expect(() => alertQueryFromFilters(filters, NOW)).toThrow(InputError);
		expect(() => alertQueryFromFilters(filters, NOW)).toThrow(message);
	});
});
