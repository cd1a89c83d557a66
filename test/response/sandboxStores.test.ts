/**
 * The sandbox's machines, machine-action state machine and indicator store, without HTTP: the
 * contract tests rely on these behaving like the documented service.
 */
import { ApiError } from '../sandbox/defender/errors';
import { IndicatorStore } from '../sandbox/defender/indicators';
import { ALREADY_IN_PROGRESS_CODE, MachineActionStore } from '../sandbox/defender/machineActions';
import { machineFor, MachineStore } from '../sandbox/defender/machines';

const NOW = Date.UTC(2026, 0, 10, 12);
const M1 = 'a'.repeat(40);
const M2 = 'b'.repeat(40);

function machines(): MachineStore {
	const s = new MachineStore();
	s.upsert(machineFor(M1, 'ws1.contoso.local', 'Finance', NOW));
	s.upsert(machineFor(M2, 'srv2.contoso.local', null, NOW));
	return s;
}

function apiError(fn: () => unknown): ApiError {
	try {
		fn();
	} catch (e) {
		if (e instanceof ApiError) return e;
		throw e;
	}
	throw new Error('expected an ApiError');
}

describe('sandbox machines', () => {
	it('derives stable machines and filters them with OData, tags as a collection', () => {
		const s = machines();
		expect(machineFor(M1, 'x', null, NOW)).toEqual(machineFor(M1, 'x', null, NOW));
		expect(s.list({ $filter: "computerDnsName eq 'WS1.contoso.local'" }).map((m) => m.id)).toEqual([
			M1,
		]);
		expect(s.list({ $filter: "rbacGroupName eq 'Finance' or rbacGroupName eq null" })).toHaveLength(
			2,
		);
		const m1 = s.get(M1);
		const tagged = m1.machineTags[0] ?? s.get(M2).machineTags[0];
		if (tagged) {
			expect(s.list({ $filter: `machineTags/any(t: t eq '${tagged}')` }).length).toBeGreaterThan(0);
		}
		expect(s.list({ $filter: "machineTags/any(t: t eq 'NoSuchTag')" })).toEqual([]);
		expect(s.list({ $top: '1', $skip: '1' })).toHaveLength(1);
		expect(
			s.findByIp(m1.lastIpAddress, new Date(NOW).toISOString(), NOW).map((m) => m.id),
		).toContain(M1);
		expect(apiError(() => s.get('c'.repeat(40))).status).toBe(404);
		expect(apiError(() => s.list({ $filter: "nosuch eq 'x'" })).message).toMatch(/PublicMachine/);
	});
});

describe('sandbox machine actions', () => {
	it('moves Pending → InProgress → outcome on the clock and refuses a duplicate while running', () => {
		const s = machines();
		const a = new MachineActionStore();
		a.setBehaviour({ pendingMs: 1000, runMs: 2000, outcome: 'Succeeded' });
		const iso = a.create(s.get(M1), 'Isolate', 'Full', 'contain', 'n8n', NOW);
		const id = String(iso.id);
		expect(a.get(id, NOW).status).toBe('Pending');
		expect(a.get(id, NOW + 1500).status).toBe('InProgress');
		expect(a.get(id, NOW + 3000).status).toBe('Succeeded');
		const dup = apiError(() => a.create(s.get(M1), 'Unisolate', null, 'again', 'n8n', NOW + 500));
		expect([dup.status, dup.code, dup.message]).toEqual([
			400,
			ALREADY_IN_PROGRESS_CODE,
			'Action is already in progress',
		]);
		expect(a.create(s.get(M1), 'RunAntiVirusScan', 'Quick', 'scan', 'n8n', NOW + 500).status).toBe(
			'Pending',
		);
		expect(a.create(s.get(M1), 'Unisolate', null, 'release', 'n8n', NOW + 3000).status).toBe(
			'Pending',
		);
		expect(
			a.list({ $filter: `machineId eq '${M1}' and type eq 'Isolate'` }, NOW + 3000),
		).toHaveLength(1);
		expect(apiError(() => a.create(s.get(M2), 'Isolate', 'Full', ' ', 'n8n', NOW)).code).toBe(
			'MissingRequiredParameter',
		);
	});

	it('fails, times out or takes longer on request, and serves the package only after success', () => {
		const s = machines();
		const a = new MachineActionStore();
		a.setBehaviour({ pendingMs: 0, runMs: 1000, outcome: 'TimeOut' }, 'RestrictCodeExecution');
		const r = a.create(s.get(M2), 'RestrictCodeExecution', null, 'c', 'n8n', NOW);
		expect(a.get(String(r.id), NOW + 1000).status).toBe('TimeOut');
		const c = a.create(s.get(M2), 'CollectInvestigationPackage', null, 'c', 'n8n', NOW);
		expect(apiError(() => a.packageUri(String(c.id), NOW, 'https://x')).status).toBe(404);
		expect(a.packageUri(String(c.id), NOW + 10_000, 'https://x')).toMatch(/^https:\/\/x\/.*\.zip/);
		a.modify(String(c.id), { outcome: 'Failed' });
		expect(a.get(String(c.id), NOW + 10_000)).toMatchObject({ status: 'Failed' });
		expect(() => a.setBehaviour({ outcome: 'Nope' as 'Failed' })).toThrow(/unknown outcome/);
	});
});

describe('sandbox indicators', () => {
	const base = { action: 'Block', title: 't', description: 'd' };

	it('creates or updates by type and value, validates values, enforces the cap', () => {
		const s = new IndicatorStore();
		const sha = 'AB'.repeat(32);
		const first = s.submit(
			{ ...base, indicatorValue: sha, indicatorType: 'FileSha256' },
			'app',
			NOW,
		);
		const again = s.submit(
			{ ...base, indicatorValue: sha.toLowerCase(), indicatorType: 'FileSha256', severity: 'High' },
			'app',
			NOW,
		);
		expect([first.created, again.created, again.indicator.id]).toEqual([
			true,
			false,
			first.indicator.id,
		]);
		expect(s.list({ $filter: "severity eq 'High'" })).toHaveLength(1);
		expect(
			apiError(() =>
				s.submit({ ...base, indicatorValue: '10.0.0.0/8', indicatorType: 'IpAddress' }, 'app', NOW),
			).code,
		).toBe('InvalidIpAddress');
		expect(
			apiError(() =>
				s.submit({ ...base, indicatorValue: 'abc', indicatorType: 'FileMd5' }, 'app', NOW),
			).code,
		).toBe('InvalidHashValue');
		expect(
			apiError(() =>
				s.submit(
					{ ...base, action: 'Audit', indicatorValue: 'x.com', indicatorType: 'DomainName' },
					'app',
					NOW,
				),
			).message,
		).toMatch(/generateAlert/);
		s.cap = 2;
		s.submit({ ...base, indicatorValue: 'evil.example', indicatorType: 'DomainName' }, 'app', NOW);
		expect(
			apiError(() =>
				s.submit({ ...base, indicatorValue: '1.2.3.4', indicatorType: 'IpAddress' }, 'app', NOW),
			).message,
		).toMatch(/limit of 2 active/);
		s.delete(first.indicator.id);
		expect(
			s.submit({ ...base, indicatorValue: '1.2.3.4', indicatorType: 'IpAddress' }, 'app', NOW)
				.created,
		).toBe(true);
	});

	it('imports at most 500 with a result per row', () => {
		const s = new IndicatorStore();
		const rows = [
			{ ...base, indicatorValue: '1.1.1.1', indicatorType: 'IpAddress' },
			{ ...base, indicatorValue: 'bad', indicatorType: 'Url' },
		];
		expect(s.import({ Indicators: rows }, 'app', NOW)).toEqual([
			{ id: expect.any(String), indicator: '1.1.1.1', isFailed: false, failureReason: null },
			{
				id: null,
				indicator: 'bad',
				isFailed: true,
				failureReason: expect.stringMatching(/not a valid URL/),
			},
		]);
		expect(
			apiError(() => s.import({ Indicators: new Array(501).fill(rows[0]) }, 'app', NOW)).code,
		).toBe('MaximumBatchSizeExceeded');
	});
});
