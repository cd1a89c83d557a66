import type { DefenderAlert } from '../../../../nodes/shared/alerts/types';
import { AlertStore, DEFAULT_ACTOR } from '../alertStore';
import { ApiError } from '../errors';
import { generateAlerts } from '../generator';
import { compareTime, parseApiTime } from '../time';

const T0 = Date.parse('2024-05-01T12:00:00Z');

function alert(id: string, over: Partial<DefenderAlert> = {}): DefenderAlert {
	return {
		id,
		status: 'New',
		severity: 'Low',
		classification: null,
		determination: null,
		assignedTo: null,
		alertCreationTime: '2024-05-01T10:00:00.1234567Z',
		lastUpdateTime: '2024-05-01T10:00:01.5Z',
		resolvedTime: null,
		comments: [],
		evidence: [],
		...over,
	};
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

function fresh(): AlertStore {
	const s = new AlertStore('t1');
	s.insert([
		alert('a'),
		alert('b', { classification: 'TruePositive', determination: 'Malware', status: 'InProgress' }),
		alert('c'),
	]);
	return s;
}

describe('visibleAt (late indexing)', () => {
	test('alerts are invisible to list/get/update until now >= visibleAt', () => {
		const s = fresh();
		s.insert([alert('late', { lastUpdateTime: '2024-05-01T09:00:00Z' })], {
			visibleAt: T0 + 60_000,
		});
		const q = { $filter: 'lastUpdateTime ge 2024-05-01T00:00:00Z' };
		expect(s.list(q, T0).value.map((a) => a.id)).toEqual(['a', 'b', 'c']);
		expect(s.list(q, T0).matched).toBe(3);
		expect(apiError(() => s.get('late', T0))).toMatchObject({ status: 404, code: 'NotFound' });
		expect(apiError(() => s.update('late', { status: 'Resolved' }, T0))).toMatchObject({
			status: 404,
		});
		expect(s.all().map((a) => a.id)).toContain('late');
		expect(s.list(q, T0 + 60_000).value.map((a) => a.id)).toEqual(['a', 'b', 'c', 'late']);
		expect(s.get('late', T0 + 60_000).id).toBe('late');
	});

	test('re-inserting an id replaces it in place', () => {
		const s = fresh();
		s.insert([alert('a', { severity: 'High' })]);
		expect(s.all().map((a) => [a.id, a.severity])).toEqual([
			['a', 'High'],
			['b', 'Low'],
			['c', 'Low'],
		]);
	});
});

describe('get', () => {
	test('unknown id → 404; includes evidence; returns a copy', () => {
		const s = new AlertStore('t');
		s.insert([alert('x', { evidence: [{ entityType: 'Ip', ipAddress: '1.2.3.4' }] })]);
		expect(apiError(() => s.get('nope', T0))).toMatchObject({ status: 404, code: 'NotFound' });
		const got = s.get('x', T0);
		expect(got.evidence).toHaveLength(1);
		got.status = 'Resolved';
		expect(s.get('x', T0).status).toBe('New');
	});
});

describe('update (PATCH)', () => {
	test('documented example body', () => {
		const s = fresh();
		const now = T0;
		const r = s.update(
			'a',
			{
				status: 'Resolved',
				assignedTo: 'secop2@contoso.com',
				classification: 'FalsePositive',
				determination: 'Other',
				comment: 'Resolve my alert and assign to secop2',
			},
			now,
			'analyst@mssp.example',
		);
		expect(r).toMatchObject({
			status: 'Resolved',
			assignedTo: 'secop2@contoso.com',
			classification: 'FalsePositive',
			determination: 'Other',
		});
		expect(r.lastUpdateTime).toBe('2024-05-01T12:00:00Z');
		expect(r.resolvedTime).toBe('2024-05-01T12:00:00Z');
		expect(r.comments).toEqual([
			{
				comment: 'Resolve my alert and assign to secop2',
				createdBy: 'analyst@mssp.example',
				createdTime: '2024-05-01T12:00:00Z',
			},
		]);
		expect(s.get('a', now)).toEqual(r);
		// the change is visible to lastUpdateTime filters
		expect(
			s.list({ $filter: 'lastUpdateTime ge 2024-05-01T12:00:00Z' }, now).value.map((a) => a.id),
		).toEqual(['a']);
	});

	test('comment only; default actor; comments append', () => {
		const s = fresh();
		s.update('c', { comment: 'one' }, T0 + 1);
		const r = s.update('c', { comment: 'two' }, T0 + 2);
		expect(r.comments!.map((c) => [c.comment, c.createdBy])).toEqual([
			['one', DEFAULT_ACTOR],
			['two', DEFAULT_ACTOR],
		]);
		expect(r.lastUpdateTime).toBe('2024-05-01T12:00:00.002Z');
	});

	test('lastUpdateTime never goes backwards', () => {
		const s = new AlertStore('t');
		s.insert([alert('f', { lastUpdateTime: '2024-05-01T12:00:00.0000009Z' })]);
		const r = s.update('f', { assignedTo: 'x@y' }, T0 - 5000);
		const prev = parseApiTime('2024-05-01T12:00:00.0000009Z')!;
		expect(compareTime(parseApiTime(r.lastUpdateTime!)!, prev)).toBeGreaterThan(0);
		const r2 = s.update('f', { assignedTo: 'z@y' }, T0 - 5000);
		expect(
			compareTime(parseApiTime(r2.lastUpdateTime!)!, parseApiTime(r.lastUpdateTime!)!),
		).toBeGreaterThan(0);
	});

	test.each([
		[{ Status: 'Resolved' }, 'InvalidRequestBody', "did you mean 'status'"],
		[{ status: 'resolved' }, 'InvalidRequestBody', 'status'],
		[{ status: 'Unknown' }, 'InvalidRequestBody', 'New, InProgress, Resolved'],
		[
			{ classification: 'truepositive' },
			'InvalidRequestBody',
			'TruePositive, InformationalExpectedActivity, FalsePositive',
		],
		[
			{ classification: 'FalsePositive', determination: 'Malware' },
			'InvalidRequestBody',
			'Clean, InsufficientData, Other',
		],
		[{ determination: 'Malware' }, 'InvalidRequestBody', 'classification'],
		[{ determination: 'NotAThing' }, 'InvalidRequestBody', 'determination'],
		[{ comment: 5 }, 'InvalidRequestBody', 'comment'],
		[{ assignedTo: 5 }, 'InvalidRequestBody', 'assignedTo'],
		[{ severity: 'High' }, 'InvalidRequestBody', "'severity'"],
		[{}, 'MissingRequiredParameter', 'nothing to update'],
		[[], 'InvalidRequestBody', 'JSON object'],
		['status=Resolved', 'InvalidRequestBody', 'JSON object'],
		[null, 'InvalidRequestBody', 'JSON object'],
	])('%j → 400 %s', (body, code, fragment) => {
		const s = fresh();
		const e = apiError(() => s.update('a', body, T0));
		expect(e).toMatchObject({ status: 400, code });
		expect(e.message).toContain(fragment);
		expect(s.get('a', T0)).toEqual({ ...alert('a') }); // nothing changed
	});

	test('determination checked against the existing classification; changing classification clears an unfit determination', () => {
		const s = fresh();
		expect(s.update('b', { determination: 'Phishing' }, T0).determination).toBe('Phishing');
		expect(apiError(() => s.update('b', { determination: 'Clean' }, T0)).code).toBe(
			'InvalidRequestBody',
		);
		const r = s.update('b', { classification: 'FalsePositive' }, T0);
		expect([r.classification, r.determination]).toEqual(['FalsePositive', null]);
		const r2 = s.update(
			'b',
			{ classification: 'InformationalExpectedActivity', determination: 'SecurityTesting' },
			T0,
		);
		expect([r2.classification, r2.determination]).toEqual([
			'InformationalExpectedActivity',
			'SecurityTesting',
		]);
	});

	test('reopening clears resolvedTime; unassign with null', () => {
		const s = fresh();
		s.update('a', { status: 'Resolved', assignedTo: 'me@x' }, T0);
		const r = s.update('a', { status: 'InProgress', assignedTo: null }, T0 + 1000);
		expect(r.resolvedTime).toBeNull();
		expect(r.assignedTo).toBeNull();
	});
});

describe('batchUpdate', () => {
	test('updates every listed alert, skips unknown ids', () => {
		const s = fresh();
		s.batchUpdate(
			{
				alertIds: ['a', 'c', 'missing'],
				status: 'Resolved',
				classification: 'TruePositive',
				determination: 'Malware',
				comment: 'bulk',
			},
			T0,
			'bot@mssp',
		);
		for (const id of ['a', 'c']) {
			const a = s.get(id, T0);
			expect(a).toMatchObject({
				status: 'Resolved',
				classification: 'TruePositive',
				determination: 'Malware',
				resolvedTime: '2024-05-01T12:00:00Z',
			});
			expect(a.comments).toEqual([
				{ comment: 'bulk', createdBy: 'bot@mssp', createdTime: '2024-05-01T12:00:00Z' },
			]);
		}
		expect(s.get('b', T0).status).toBe('InProgress');
	});

	test.each([
		[undefined, 'MissingRequiredParameter'],
		[{}, 'MissingRequiredParameter'],
		[{ status: 'Resolved' }, 'MissingRequiredParameter'],
		[{ alertIds: [] as string[], status: 'Resolved' }, 'MissingRequiredParameter'],
		[{ alertIds: ['a'] }, 'MissingRequiredParameter'],
		[{ alertIds: 'a', status: 'Resolved' }, 'InvalidRequestBody'],
		[{ alertIds: [1], status: 'Resolved' }, 'InvalidRequestBody'],
		[{ AlertIds: ['a'], status: 'Resolved' }, 'InvalidRequestBody'],
		[{ alertIds: ['a'], status: 'Closed' }, 'InvalidRequestBody'],
		[{ alertIds: ['a', 'b'], determination: 'Clean' }, 'InvalidRequestBody'],
		[
			{ alertIds: Array.from({ length: 10001 }, (_, i) => `x${i}`), status: 'New' },
			'MaximumBatchSizeExceeded',
		],
		['[]', 'InvalidRequestBody'],
	])('%j → 400 %s, nothing written', (body, code) => {
		const s = fresh();
		const before = s.all().map((a) => ({ ...a }));
		expect(apiError(() => s.batchUpdate(body, T0))).toMatchObject({ status: 400, code });
		expect(s.all()).toEqual(before);
	});

	test('all-or-nothing when one alert cannot take the determination', () => {
		const s = fresh();
		// 'b' is TruePositive: Malware fits; 'a' has no classification: Malware does not
		expect(
			apiError(() => s.batchUpdate({ alertIds: ['b', 'a'], determination: 'Malware' }, T0)).code,
		).toBe('InvalidRequestBody');
		expect(s.get('b', T0).lastUpdateTime).toBe('2024-05-01T10:00:01.5Z');
	});
});

describe('modify (control API)', () => {
	test('changes fields and moves lastUpdateTime to now; sees invisible alerts; 404 for unknown', () => {
		const s = fresh();
		s.insert([alert('late')], { visibleAt: T0 + 1e6 });
		const r = s.modify('late', { severity: 'High', title: 'changed' }, T0);
		expect(r).toMatchObject({
			severity: 'High',
			title: 'changed',
			lastUpdateTime: '2024-05-01T12:00:00Z',
		});
		expect(
			s.modify('a', { lastUpdateTime: '2024-05-01T11:00:00.1234567Z' }, T0).lastUpdateTime,
		).toBe('2024-05-01T11:00:00.1234567Z');
		expect(
			s
				.list({ $filter: 'lastUpdateTime eq 2024-05-01T11:00:00.1234567Z' }, T0)
				.value.map((a) => a.id),
		).toEqual(['a']);
		expect(apiError(() => s.modify('nope', {}, T0)).status).toBe(404);
	});
});

describe('scale', () => {
	test('50,000 alerts: a time-filtered list is fast', () => {
		const start = Date.parse('2024-01-01T00:00:00Z');
		const alerts = generateAlerts({
			seed: 11,
			count: 50_000,
			tenantId: 't',
			startTime: start,
			endTime: start + 30 * 86400_000,
		});
		const s = new AlertStore('t');
		s.insert(alerts);
		const q = {
			$filter: 'lastUpdateTime ge 2024-01-10T00:00:00Z and lastUpdateTime lt 2024-01-11T00:00:00Z',
			$top: '10000',
		};
		s.list(q, Date.now()); // warm up
		const t = process.hrtime.bigint();
		const r = s.list(q, Date.now());
		const ms = Number(process.hrtime.bigint() - t) / 1e6;
		expect(r.matched).toBeGreaterThan(500);
		// generous bound: CI machines are shared; on an idle 2-core machine this takes a few ms
		expect(ms).toBeLessThan(1000);
	}, 300_000);
});
