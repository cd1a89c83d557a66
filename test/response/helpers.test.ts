/**
 * Pure helpers of Defender Response: indicator type inference and validation, expiration parsing,
 * the wait-for-completion loop, the machine filter and the duplicate-action lookup.
 */
import { pickRunningAction } from '../../nodes/DefenderResponse/helpers/alreadyInProgress';
import { parseExpiration } from '../../nodes/DefenderResponse/helpers/expiration';
import { buildIndicatorBody, chunk } from '../../nodes/DefenderResponse/helpers/indicatorBody';
import {
	inferIndicatorType,
	resolveIndicator,
	validateIndicatorValue,
} from '../../nodes/DefenderResponse/helpers/indicatorValue';
import { buildMachineFilter } from '../../nodes/DefenderResponse/helpers/machineFilter';
import { InputError } from '../../nodes/shared/transport';
import {
	nextInterval,
	waitForCompletion,
} from '../../nodes/DefenderResponse/helpers/waitForCompletion';

const NOW = Date.UTC(2026, 0, 10, 12);

describe('indicator values', () => {
	it.each([
		['d41d8cd98f00b204e9800998ecf8427e', 'FileMd5'],
		['DA39A3EE5E6B4B0D3255BFEF95601890AFD80709', 'FileSha1'],
		['e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855', 'FileSha256'],
		['10.0.0.1', 'IpAddress'],
		['2001:db8::1', 'IpAddress'],
		['::ffff:192.0.2.1', 'IpAddress'],
		['evil.example.com', 'DomainName'],
		['https://evil.example.com/x?y=1', 'Url'],
		['http://203.0.113.5:8080/p', 'Url'],
	])('infers %s as %s', (value, type) => {
		expect(inferIndicatorType(value)).toBe(type);
	});

	it.each([
		['10.0.0.0/8', /CIDR/],
		['2001:db8::/32', /CIDR/],
		['256.1.1.1', /not a file hash/],
		['not a value', /not a file hash/],
		['', /empty/],
		['ftp//x', /not a file hash/],
		['https://', /not a valid URL/],
		['abc123', /not a file hash/],
	])('rejects %p with a clear message', (value, message) => {
		expect(() => inferIndicatorType(value)).toThrow(InputError);
		expect(() => inferIndicatorType(value)).toThrow(message);
	});

	it('validates against an explicit type, lower-cases hashes, accepts a thumbprint override', () => {
		expect(
			resolveIndicator('DA39A3EE5E6B4B0D3255BFEF95601890AFD80709', 'CertificateThumbprint'),
		).toEqual({
			type: 'CertificateThumbprint',
			value: 'da39a3ee5e6b4b0d3255bfef95601890afd80709',
		});
		expect(() => validateIndicatorValue('abcd', 'FileSha256')).toThrow(
			/exactly 64 hexadecimal characters \(got 4\)/,
		);
		expect(() => validateIndicatorValue('10.1.0.0/16', 'IpAddress')).toThrow(/CIDR/);
		expect(() => validateIndicatorValue('https://x.example/a', 'DomainName')).toThrow(
			/without http/,
		);
		expect(() => validateIndicatorValue('1:2:3:4:5:6:7:8:9', 'IpAddress')).toThrow(
			/not an IPv4 or IPv6/,
		);
	});
});

describe('expiration', () => {
	it('reads durations and dates', () => {
		expect(parseExpiration('30d', NOW)).toBe(new Date(NOW + 30 * 86_400_000).toISOString());
		expect(parseExpiration('12h', NOW)).toBe(new Date(NOW + 12 * 3_600_000).toISOString());
		expect(parseExpiration('2 weeks', NOW)).toBe(new Date(NOW + 14 * 86_400_000).toISOString());
		expect(parseExpiration('P1DT6H', NOW)).toBe(new Date(NOW + 30 * 3_600_000).toISOString());
		expect(parseExpiration('2026-12-31', NOW)).toBe('2026-12-31T00:00:00.000Z');
		expect(parseExpiration('2026-12-31T10:00:00+02:00', NOW)).toBe('2026-12-31T08:00:00.000Z');
		expect(parseExpiration('', NOW)).toBeUndefined();
		expect(parseExpiration('never', NOW)).toBeUndefined();
	});

	it.each([
		['0d', /zero/],
		['2020-01-01', /in the past/],
		['soon', /neither a duration/],
		['P', /neither/],
		['2026-13-45', /not a valid date/],
	])('rejects %p', (text, message) => {
		expect(() => parseExpiration(text, NOW)).toThrow(InputError);
		expect(() => parseExpiration(text, NOW)).toThrow(message);
	});
});

describe('indicator body', () => {
	it('fills title, description and severity, checks Audit and splits device groups', () => {
		const body = buildIndicatorBody(
			{ indicatorValue: ' 1.2.3.4 ', expiration: '1d', rbacGroupNames: 'A, B,' },
			NOW,
		);
		expect(body).toMatchObject({
			indicatorValue: '1.2.3.4',
			indicatorType: 'IpAddress',
			action: 'Block',
			severity: 'Medium',
			generateAlert: false,
			expirationTime: new Date(NOW + 86_400_000).toISOString(),
			rbacGroupNames: ['A', 'B'],
		});
		expect(String(body.title)).toContain('1.2.3.4');
		expect(() => buildIndicatorBody({ indicatorValue: 'x.example', action: 'Audit' }, NOW)).toThrow(
			/Generate Alert/,
		);
		expect(() => buildIndicatorBody({ indicatorValue: 'x.example', action: 'Nuke' }, NOW)).toThrow(
			/not a valid action/,
		);
		expect(chunk([1, 2, 3, 4, 5], 2)).toEqual([[1, 2], [3, 4], [5]]);
	});
});

describe('machine filter', () => {
	it('quotes values and checks enums', () => {
		expect(buildMachineFilter({})).toBeUndefined();
		expect(
			buildMachineFilter({
				computerDnsName: "o'brien.local",
				healthStatus: ['Active', 'Inactive'],
				machineTag: 'VIP',
				lastSeenAfter: '2026-01-01T00:00:00Z',
			}),
		).toBe(
			"computerDnsName eq 'o''brien.local' and (healthStatus eq 'Active' or healthStatus eq 'Inactive') and machineTags/any(tag: tag eq 'VIP') and lastSeen gt 2026-01-01T00:00:00.0000000Z",
		);
		expect(() => buildMachineFilter({ riskScore: ['Severe'] })).toThrow(/not a valid riskScore/);
	});
});

describe('wait for completion', () => {
	it('polls with capped doubling until a final status', async () => {
		let t = 0;
		const statuses = ['Pending', 'InProgress', 'InProgress', 'Succeeded'];
		const waits: number[] = [];
		const r = await waitForCompletion(
			{ status: 'Pending' },
			async () => ({ status: statuses.shift() }),
			{ initialIntervalMs: 1000, maxIntervalMs: 3000, timeoutMs: 60_000 },
			async (ms) => {
				waits.push(ms);
				t += ms;
			},
			() => t,
		);
		expect(r).toMatchObject({ completed: true, polls: 4, action: { status: 'Succeeded' } });
		expect(waits).toEqual([1000, 2000, 3000, 3000]);
	});

	it('stops at the timeout without throwing, never sleeping past it', async () => {
		let t = 0;
		const waits: number[] = [];
		const r = await waitForCompletion(
			{ status: 'Pending' },
			async () => ({ status: 'InProgress' }),
			{ initialIntervalMs: 1000, maxIntervalMs: 60_000, timeoutMs: 5000 },
			async (ms) => {
				waits.push(ms);
				t += ms;
			},
			() => t,
		);
		expect(r).toMatchObject({ completed: false, action: { status: 'InProgress' }, waitedMs: 5000 });
		expect(waits).toEqual([1000, 2000, 2000]);
		expect(nextInterval(40, { initialIntervalMs: 1, maxIntervalMs: 10, timeoutMs: 1 }, 100)).toBe(
			10,
		);
	});

	it('returns at once for an action already final', async () => {
		const r = await waitForCompletion(
			{ status: 'Failed' },
			async () => {
				throw new Error('no poll expected');
			},
			{ initialIntervalMs: 1, maxIntervalMs: 1, timeoutMs: 1 },
			async () => undefined,
			() => 0,
		);
		expect(r).toMatchObject({ completed: true, polls: 0 });
	});
});

describe('already in progress', () => {
	it('picks the newest running action of a conflicting type', () => {
		const actions = [
			{
				id: 'a',
				type: 'Isolate',
				status: 'Succeeded',
				creationDateTimeUtc: '2026-01-01T00:00:00Z',
			},
			{
				id: 'b',
				type: 'Unisolate',
				status: 'Pending',
				creationDateTimeUtc: '2026-01-02T00:00:00Z',
			},
			{
				id: 'c',
				type: 'RunAntiVirusScan',
				status: 'InProgress',
				creationDateTimeUtc: '2026-01-03T00:00:00Z',
			},
		];
		expect(pickRunningAction(actions, 'Isolate')?.id).toBe('b');
		expect(pickRunningAction(actions, 'RunAntiVirusScan')?.id).toBe('c');
		expect(pickRunningAction(actions, 'CollectInvestigationPackage')).toBeUndefined();
	});
});
