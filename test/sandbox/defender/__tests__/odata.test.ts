import type { DefenderAlert } from '../../../../nodes/shared/alerts/types';
import { AlertStore } from '../alertStore';
import { ApiError } from '../errors';
import { generateAlerts } from '../generator';
import { parseFilter, tokenize } from '../odata';
import { apiTimeToTicks, formatApiTime, parseApiTime } from '../time';

function alert(id: string, over: Partial<DefenderAlert> = {}): DefenderAlert {
	return {
		id,
		incidentId: 1,
		investigationId: null,
		assignedTo: null,
		severity: 'Low',
		status: 'New',
		classification: null,
		determination: null,
		detectionSource: 'WindowsDefenderAtp',
		category: 'Execution',
		rbacGroupName: 'A',
		alertCreationTime: '2021-01-26T20:33:57.7220239Z',
		lastEventTime: '2021-01-26T20:31:33.0577322Z',
		lastUpdateTime: '2021-01-26T20:33:59.2Z',
		title: 't',
		evidence: [{ entityType: 'User', accountName: 'x' }],
		...over,
	};
}

const NOW = Date.parse('2030-01-01T00:00:00Z');
function storeOf(alerts: DefenderAlert[]): AlertStore {
	const s = new AlertStore('tenant');
	s.insert(alerts);
	return s;
}
function ids(s: AlertStore, $filter: string, extra: Record<string, string> = {}): string[] {
	return s.list({ $filter, ...extra }, NOW).value.map((a) => a.id);
}
function odataError(fn: () => unknown): ApiError {
	try {
		fn();
	} catch (e) {
		expect(e).toBeInstanceOf(ApiError);
		return e as ApiError;
	}
	throw new Error('expected an ApiError');
}

const store = storeOf([
	alert('a', {
		severity: 'High',
		status: 'New',
		incidentId: 10,
		lastUpdateTime: '2021-01-26T20:33:59.2Z',
	}),
	alert('b', {
		severity: 'Low',
		status: 'Resolved',
		incidentId: 20,
		lastUpdateTime: '2021-01-26T20:33:59.19Z',
		assignedTo: "o'neil@contoso.com",
	}),
	alert('c', {
		severity: 'Medium',
		status: 'InProgress',
		incidentId: 30,
		lastUpdateTime: '2021-01-26T20:33:59Z',
		investigationId: 5,
	}),
	alert('d', {
		severity: 'High',
		status: 'Resolved',
		incidentId: null,
		lastUpdateTime: '2021-01-26T20:33:59.2000001Z',
		category: 'Malware',
	}),
	alert('e', {
		severity: 'Informational',
		status: 'New',
		incidentId: 50,
		lastUpdateTime: '2021-01-26T20:33:59.1999999Z',
		detectionSource: 'CustomerTI',
	}),
]);

describe('OData $filter', () => {
	test('each comparison operator', () => {
		expect(ids(store, 'incidentId eq 20')).toEqual(['b']);
		expect(ids(store, 'incidentId ne 20')).toEqual(['a', 'c', 'd', 'e']);
		expect(ids(store, 'incidentId gt 20')).toEqual(['c', 'e']);
		expect(ids(store, 'incidentId ge 20')).toEqual(['b', 'c', 'e']);
		expect(ids(store, 'incidentId lt 20')).toEqual(['a']);
		expect(ids(store, 'incidentId le 20')).toEqual(['a', 'b']);
		expect(ids(store, 'incidentId eq null')).toEqual(['d']);
		expect(ids(store, 'incidentId ne null')).toEqual(['a', 'b', 'c', 'e']);
		expect(ids(store, 'null eq incidentId')).toEqual(['d']);
		expect(ids(store, '20 lt incidentId')).toEqual(['c', 'e']);
	});

	test('DateTimeOffset with 0–7 fraction digits compared as time, not text', () => {
		// .2 > .19 although '2Z' < '19Z' is false as text… and .2000001 > .2 > .1999999
		expect(ids(store, 'lastUpdateTime gt 2021-01-26T20:33:59.19Z')).toEqual(['a', 'd', 'e']);
		expect(ids(store, 'lastUpdateTime eq 2021-01-26T20:33:59.2000000Z')).toEqual(['a']);
		expect(ids(store, 'lastUpdateTime gt 2021-01-26T20:33:59.2Z')).toEqual(['d']);
		expect(ids(store, 'lastUpdateTime lt 2021-01-26T20:33:59.2Z')).toEqual(['b', 'c', 'e']);
		expect(ids(store, 'lastUpdateTime le 2021-01-26T20:33:59Z')).toEqual(['c']);
		expect(ids(store, 'lastUpdateTime ge 2021-01-26T20:34Z')).toEqual([]);
		expect(ids(store, 'lastUpdateTime ge 2021-01-26T22:33:59.2+02:00')).toEqual(['a', 'd']);
		expect(ids(store, 'alertCreationTime eq 2021-01-26T20:33:57.7220239Z')).toHaveLength(5);
		expect(ids(store, 'lastEventTime lt 2021-01-26T20:31:33.0577323Z')).toHaveLength(5);
	});

	test('and binds tighter than or; parentheses; not; in', () => {
		expect(ids(store, "severity eq 'High' or severity eq 'Low' and status eq 'New'")).toEqual([
			'a',
			'd',
		]);
		expect(ids(store, "(severity eq 'High' or severity eq 'Low') and status eq 'New'")).toEqual([
			'a',
		]);
		expect(ids(store, "not (status eq 'New')")).toEqual(['b', 'c', 'd']);
		expect(ids(store, "not status eq 'New' and severity eq 'High'")).toEqual(['d']);
		expect(ids(store, "((((status eq 'Resolved'))))")).toEqual(['b', 'd']);
		expect(ids(store, "status in ('New', 'InProgress')")).toEqual(['a', 'c', 'e']);
		expect(ids(store, 'incidentId in (10, 50)')).toEqual(['a', 'e']);
		expect(ids(store, "severity ge 'medium'")).toEqual(['a', 'c', 'd']); // enum order, not text
	});

	test('field names and enum values are case-insensitive; documented aliases', () => {
		expect(ids(store, "Status eq 'resolved'")).toEqual(['b', 'd']);
		expect(ids(store, 'InvestigationId eq 5')).toEqual(['c']);
		expect(ids(store, 'investigationid eq 5')).toEqual(['c']);
		expect(ids(store, "asssignedTo eq 'O''NEIL@contoso.com'")).toEqual(['b']);
		expect(ids(store, "detectionSource eq 'customerti'")).toEqual(['e']);
		expect(ids(store, "category eq 'Malware'")).toEqual(['d']);
		expect(ids(store, "id eq 'A'")).toEqual([]); // ids are exact
		expect(ids(store, "id eq 'a'")).toEqual(['a']);
		expect(ids(store, "rbacGroupName eq 'a'")).toHaveLength(5);
	});

	test("quotes with '' and injection-looking strings stay literals", () => {
		expect(ids(store, "assignedTo eq 'o''neil@contoso.com'")).toEqual(['b']);
		expect(ids(store, "id eq 'a'' or id ne ''x'")).toEqual([]);
		expect(ids(store, "id eq 'a or 1 eq 1'")).toEqual([]);
		expect(ids(store, "id eq ''' or ''1''=''1'")).toEqual([]);
		expect(ids(store, "id eq '; DROP TABLE alerts; --'")).toEqual([]);
		expect(ids(store, "id eq ')(' or id eq 'c'")).toEqual(['c']);
		const s = storeOf([alert("x' or 'a'='a"), alert('y')]);
		expect(ids(s, "id eq 'x'' or ''a''=''a'")).toEqual(["x' or 'a'='a"]);
		expect(tokenize("'it''s'")[0]).toMatchObject({ t: 'string', v: "it's" });
	});

	test('unicode string literals', () => {
		const s = storeOf([alert('u', { assignedTo: 'zoë.müller@fabrikam.de' }), alert('v')]);
		expect(ids(s, "assignedTo eq 'ZOË.MÜLLER@fabrikam.de'")).toEqual(['u']);
	});

	test.each([
		['status eq', 'end of input'],
		['status eq New', "'New'"],
		["status eq 'New' and", 'end of input'],
		["(status eq 'New'", "')'"],
		["status eq 'New')", "')'"],
		["status eq 'New", 'unterminated'],
		["foo eq 'x'", "'foo'"],
		["status EQ 'New'", 'lower case'],
		["status eq 'Bogus'", "'Bogus'"],
		['lastUpdateTime ge 2021-01-26T20:33:57.72202391Z', '7 fractional digits'],
		['lastUpdateTime ge 2021-02-30T00:00:00Z', 'not a valid DateTimeOffset'],
		['lastUpdateTime ge 2021-01-26T20:33:57', 'time zone'],
		['lastUpdateTime ge 2021-01-26', 'Edm.Date'],
		["lastUpdateTime ge '2021-01-26T00:00:00Z'", 'without quotes'],
		["incidentId eq '5'", 'incompatible types'],
		['id eq 5', 'incompatible types'],
		["status eq 'New' && id eq 'a'", "'&'"],
		["contains(title, 'x')", "'contains'"],
		['incidentId eq investigationId', 'two properties'],
		['1 eq 1', 'two literals'],
		['', 'empty'],
		['status eq true', 'incompatible types'],
		["status in 'New'", "'('"],
		["status in ('New' 'Resolved')", "','"],
		['and', "'and'"],
		['lastUpdateTime gt 2021-13-01T00:00:00Z', 'not a valid'],
	])('%p → 400 ODataError naming %p', (filter, fragment) => {
		const e = odataError(() => store.list({ $filter: filter }, NOW));
		expect(e.status).toBe(400);
		expect(e.code).toBe('ODataError');
		expect(e.message).toContain(fragment);
	});

	test('error messages carry the position', () => {
		expect(odataError(() => parseFilter("status eq 'New' and foo eq 1")).message).toContain(
			'position 20',
		);
		expect(odataError(() => parseFilter('status eq # ')).message).toContain('position 10');
	});

	test('garbage never throws anything but a 400 ApiError', () => {
		let seed = 7;
		const rnd = () => (seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) / 2 ** 32;
		const pieces = [
			"'",
			"''",
			'(',
			')',
			',',
			' ',
			'eq',
			'and',
			'or',
			'not',
			'in',
			'null',
			'status',
			'id',
			'lastUpdateTime',
			'2021-01-26T20:33:59.2Z',
			'12',
			'-3',
			'1.5e3',
			"'New'",
			'\u0000',
			'😀',
			'%',
			'$',
			'T',
			'Z',
			':',
			'-',
			'.',
		];
		for (let i = 0; i < 3000; i++) {
			let f = '';
			const n = 1 + Math.floor(rnd() * 10);
			for (let k = 0; k < n; k++)
				f += pieces[Math.floor(rnd() * pieces.length)] + (rnd() < 0.5 ? ' ' : '');
			try {
				store.list({ $filter: f }, NOW);
			} catch (e) {
				if (!(e instanceof ApiError) || e.status !== 400)
					throw new Error(`filter ${JSON.stringify(f)} threw ${e}`);
			}
		}
		expect(
			odataError(() => parseFilter('('.repeat(5000) + "status eq 'New'" + ')'.repeat(5000))).status,
		).toBe(400);
	});
});

describe('$orderby, $top, $skip, $expand', () => {
	test('orderby asc/desc, several keys, id tiebreak', () => {
		expect(store.list({ $orderby: 'lastUpdateTime' }, NOW).value.map((a) => a.id)).toEqual([
			'c',
			'b',
			'e',
			'a',
			'd',
		]);
		expect(store.list({ $orderby: 'lastUpdateTime desc' }, NOW).value.map((a) => a.id)).toEqual([
			'd',
			'a',
			'e',
			'b',
			'c',
		]);
		expect(
			store.list({ $orderby: 'severity desc, incidentId asc' }, NOW).value.map((a) => a.id),
		).toEqual(['d', 'a', 'c', 'b', 'e']); // enum order; null incidentId first asc
		expect(store.list({ $orderby: 'status, id desc' }, NOW).value.map((a) => a.id)).toEqual([
			'e',
			'a',
			'c',
			'd',
			'b',
		]);
		// equal keys → id order, whatever the insertion order
		const s = storeOf([alert('z'), alert('m'), alert('q')]);
		expect(s.list({ $orderby: 'alertCreationTime desc' }, NOW).value.map((a) => a.id)).toEqual([
			'm',
			'q',
			'z',
		]);
		expect(s.list({}, NOW).value.map((a) => a.id)).toEqual(['z', 'm', 'q']); // default: insertion order
		expect(s.list({ $orderby: 'AlertCreationTime asc' }, NOW).value).toHaveLength(3);
	});

	test('orderby errors', () => {
		for (const bad of ['foo', 'lastUpdateTime sideways', 'lastUpdateTime,', '', 'status desc asc'])
			expect(odataError(() => store.list({ $orderby: bad }, NOW))).toMatchObject({
				status: 400,
				code: 'ODataError',
			});
	});

	test('$top and $skip validation', () => {
		expect(store.list({ $top: '2' }, NOW).value.map((a) => a.id)).toEqual(['a', 'b']);
		expect(store.list({ $top: '0' }, NOW)).toEqual({ value: [], matched: 5 });
		expect(store.list({ $top: '10000' }, NOW).value).toHaveLength(5);
		expect(odataError(() => store.list({ $top: '10001' }, NOW))).toMatchObject({
			status: 400,
			code: 'InvalidInput',
		});
		expect(odataError(() => store.list({ $top: '10001' }, NOW)).message).toContain('10000');
		for (const bad of ['-1', 'abc', '', '1.5', '1e3'])
			expect(odataError(() => store.list({ $top: bad }, NOW))).toMatchObject({ status: 400 });
		for (const bad of ['-1', 'x', ''])
			expect(odataError(() => store.list({ $skip: bad }, NOW))).toMatchObject({ status: 400 });
		expect(store.list({ $skip: '4' }, NOW).value.map((a) => a.id)).toEqual(['e']);
		expect(store.list({ $skip: '99' }, NOW)).toEqual({ value: [], matched: 5 });
	});

	test('pages cover every alert exactly once', () => {
		const s = new AlertStore('t');
		s.insert(
			generateAlerts({
				seed: 3,
				count: 1000,
				tenantId: 't',
				startTime: Date.parse('2024-01-01T00:00:00Z'),
				endTime: Date.parse('2024-01-02T00:00:00Z'),
				sharedTimestampRatio: 0.3,
			}),
		);
		for (const $orderby of [
			undefined,
			'lastUpdateTime asc',
			'severity desc, lastUpdateTime',
			'status',
		]) {
			const seen: string[] = [];
			for (let skip = 0; ; skip += 77) {
				const page = s.list(
					{
						$orderby,
						$top: '77',
						$skip: String(skip),
						$filter: 'lastUpdateTime ge 2024-01-01T00:00:00Z',
					},
					NOW,
				);
				expect(page.matched).toBe(1000);
				if (page.value.length === 0) break;
				seen.push(...page.value.map((a) => a.id));
			}
			expect(seen).toHaveLength(1000);
			expect(new Set(seen).size).toBe(1000);
		}
	});

	test('$expand=evidence; without it evidence is []', () => {
		expect(store.list({}, NOW).value[0].evidence).toEqual([]);
		expect(store.list({ $expand: 'evidence' }, NOW).value[0].evidence).toHaveLength(1);
		expect(store.list({ $expand: 'Evidence' }, NOW).value[0].evidence).toHaveLength(1);
		expect(store.get('a', NOW).evidence).toHaveLength(1);
		expect(odataError(() => store.list({ $expand: 'machine' }, NOW))).toMatchObject({
			status: 400,
			code: 'ODataError',
		});
		// the stored alert keeps its evidence
		expect(store.all()[0].evidence).toHaveLength(1);
	});

	test('without $top at most 10,000 come back; matched counts them all', () => {
		const s = new AlertStore('t');
		s.insert(Array.from({ length: 10050 }, (_, i) => alert(`id${i}`)));
		const r = s.list({}, NOW);
		expect(r.value).toHaveLength(10000);
		expect(r.matched).toBe(10050);
	});
});

describe('parseApiTime', () => {
	test('fast path and regular path agree; invalid dates are null', () => {
		expect(parseApiTime('2021-01-26T20:33:59.2Z')).toEqual({
			ms: Date.parse('2021-01-26T20:33:59.200Z'),
			sub: 0,
		});
		expect(parseApiTime('2021-01-26T20:33:57.7220239Z')).toEqual({
			ms: Date.parse('2021-01-26T20:33:57.722Z'),
			sub: 239,
		});
		expect(parseApiTime('2021-01-26T20:33:57.7220239+00:00')).toEqual(
			parseApiTime('2021-01-26T20:33:57.7220239Z'),
		);
		expect(parseApiTime('2021-01-26T22:33:57.7220239+02:00')).toEqual(
			parseApiTime('2021-01-26T20:33:57.7220239Z'),
		);
		expect(parseApiTime('2020-02-29T00:00:00Z')).not.toBeNull();
		for (const bad of [
			'2021-02-29T00:00:00Z',
			'2021-01-26T24:00:00Z',
			'2021-01-26T20:33:57.Z',
			'2021-01-26T20:33:57.12345678Z',
			'2021-1-26T20:33:57Z',
			'x',
			'',
		])
			expect(parseApiTime(bad)).toBeNull();
		expect(apiTimeToTicks('1970-01-01T00:00:00.0000001Z')).toBe(1n);
		expect(
			apiTimeToTicks('2021-01-26T20:33:59.2Z')! > apiTimeToTicks('2021-01-26T20:33:59.19Z')!,
		).toBe(true);
	});
	test('format/parse round trip with 0..7 digits', () => {
		let seed = 1;
		for (let i = 0; i < 20000; i++) {
			seed = (Math.imul(seed, 1664525) + 1013904223) >>> 0;
			const ms = 946684800000 + (seed % 4_000_000_000) * 1000 + (seed % 1000);
			const t = { ms, sub: seed % 10000 };
			const text = formatApiTime(t);
			const back = parseApiTime(text)!;
			if (back.ms !== t.ms || back.sub !== t.sub)
				throw new Error(`${text} ${JSON.stringify(t)} ${JSON.stringify(back)}`);
			if (text.slice(0, 19) !== new Date(ms).toISOString().slice(0, 19)) throw new Error(text);
		}
		expect(formatApiTime({ ms: Date.parse('2021-01-26T20:33:59.200Z'), sub: 0 })).toBe(
			'2021-01-26T20:33:59.2Z',
		);
		expect(formatApiTime({ ms: Date.parse('2021-01-26T20:33:59.000Z'), sub: 0 })).toBe(
			'2021-01-26T20:33:59Z',
		);
		expect(formatApiTime({ ms: Date.parse('2021-01-26T20:33:59.123Z'), sub: 4567 }, 2)).toBe(
			'2021-01-26T20:33:59.12Z',
		);
	});
});
