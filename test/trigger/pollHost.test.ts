/**
 * The pieces of the trigger that answer to n8n's scheduling, alone: the one-poll-at-a-time turn
 * (a hung poll loses it), the poll budget (the host's, capped at ¾ of the interval, n8n's default
 * when the host has none), the durable first-poll slack, and the in-poll re-read of a credential
 * whose secret Entra ID refused.
 */
import type { IDataObject, IHttpRequestOptions, IPollFunctions } from 'n8n-workflow';

import {
	DEFAULT_POLL_BUDGET_MS,
	firstPollSlackMs,
	longestPollIntervalMs,
	pollBudgetMs,
	shortestPollIntervalMs,
} from '../../nodes/DefenderAlertTrigger/pollBudget';
import { takePollTurn } from '../../nodes/DefenderAlertTrigger/pollTurn';
import { defenderApiRequest } from '../../nodes/shared/transport';
import { resetTransport } from './support';

const MIN = 60_000;
const every = (...items: IDataObject[]) => ({ item: items });

describe('one poll at a time', () => {
	it('a second poll gets no turn while the first runs, and one after it ends', () => {
		const first = takePollTurn('wf\u0000a', 0, 10_000);
		expect(takePollTurn('wf\u0000a', 1_000, 10_000)).toBeNull();
		expect(takePollTurn('wf\u0000b', 1_000, 10_000)).not.toBeNull(); // another trigger
		first?.release();
		expect(takePollTurn('wf\u0000a', 2_000, 10_000)).not.toBeNull();
	});

	it('a poll presumed hung loses its turn: it is no longer current, and its release frees nothing', () => {
		const hung = takePollTurn('wf\u0000c', 0, 10_000);
		const next = takePollTurn('wf\u0000c', 10_001, 10_000);
		expect(next).not.toBeNull();
		expect(hung?.isCurrent()).toBe(false);
		hung?.release();
		expect(takePollTurn('wf\u0000c', 10_002, 10_000)).toBeNull(); // `next` still holds it
		expect(next?.isCurrent()).toBe(true);
	});
});

function context(pollTimes: unknown, hostBudget?: number): IPollFunctions {
	return {
		getNodeParameter: (name: string) => (name === 'pollTimes' ? pollTimes : undefined),
		...(hostBudget === undefined ? {} : { getPollBudgetMs: () => hostBudget }),
	} as unknown as IPollFunctions;
}

describe('poll budget', () => {
	it.each([
		['durable n8n, every minute', every({ mode: 'everyMinute' }), 36_000, 36_000],
		[
			'legacy n8n, every minute: ¾ of the interval',
			every({ mode: 'everyMinute' }),
			300_000,
			45_000,
		],
		['legacy n8n, every hour: the host budget', every({ mode: 'everyHour' }), 300_000, 300_000],
		[
			'every 10 minutes, host without getPollBudgetMs',
			every({ mode: 'everyX', value: 10, unit: 'minutes' }),
			undefined,
			DEFAULT_POLL_BUDGET_MS,
		],
		[
			'a custom cron counts as a minute',
			every({ mode: 'custom', cronExpression: '*/5 * * * *' }),
			300_000,
			45_000,
		],
		['no Poll Times: the host budget', undefined, 300_000, 300_000],
	])('%s', (_name, pollTimes, host, expected) => {
		expect(pollBudgetMs(context(pollTimes, host))).toBe(expected);
	});

	it('intervals: the shortest sizes the budget, the longest the durable first-poll slack', () => {
		const times = every({ mode: 'everyMinute' }, { mode: 'everyHour' });
		expect(shortestPollIntervalMs(times)).toBe(MIN);
		expect(longestPollIntervalMs(times)).toBe(60 * MIN);
		expect(firstPollSlackMs(context(times))).toBe(61 * MIN);
		expect(firstPollSlackMs(context(every({ mode: 'custom', cronExpression: '0 9 * * 1' })))).toBe(
			1_441 * MIN,
		);
		expect(firstPollSlackMs(context(undefined))).toBe(2 * MIN);
	});
});

test('a secret refused inside a poll (AADSTS7000222) is read again once from n8n, and the request goes on', async () => {
	resetTransport();
	const secrets = ['old-secret', 'new-secret'];
	let reads = 0;
	const tokenBodies: string[] = [];
	const ctx = {
		getNode: () => ({
			id: 'n',
			name: 'Trigger',
			type: 't',
			typeVersion: 1,
			position: [0, 0],
			parameters: {},
		}),
		// A poll context's parameters (no item index): every one unset.
		getNodeParameter: (_name: string, fallback: unknown) => fallback,
		getCredentials: async () => ({
			cloud: 'custom',
			loginBaseUrl: 'https://127.0.0.1:1',
			apiBaseUrl: 'https://127.0.0.1:1',
			clientId: 'c',
			clientSecret: secrets[Math.min(reads++, 1)],
		}),
		helpers: {
			httpRequestWithAuthentication: async (
				_type: string,
				request: IHttpRequestOptions,
				extra?: { credentialsDecrypted?: { data?: IDataObject } },
			) => {
				if (request.method !== 'POST') return { statusCode: 200, headers: {}, body: { value: [] } };
				const secret = String(extra?.credentialsDecrypted?.data?.clientSecret);
				tokenBodies.push(secret);
				return secret === 'new-secret'
					? { statusCode: 200, headers: {}, body: { access_token: 'tok', expires_in: 3599 } }
					: {
							statusCode: 401,
							headers: {},
							body: {
								error: 'invalid_client',
								error_codes: [7000222],
								error_description: 'AADSTS7000222: The provided client secret keys are expired.',
							},
						};
			},
		},
	} as unknown as IPollFunctions;
	const body = await defenderApiRequest.call(ctx, {
		authentication: 'defenderMsspAppApi',
		tenant: { tenantId: '11111111-2222-4333-8444-555555555555' },
		method: 'GET',
		path: '/api/alerts',
	});
	expect(body).toEqual({ value: [] });
	expect(tokenBodies).toEqual(['old-secret', 'new-secret']);
	expect(reads).toBe(2);
});

test('after that re-read, the new secret is hidden in errors and its token is cached under the new secret', async () => {
	resetTransport();
	const secrets = ['old-secret', 'new-secret'];
	let reads = 0;
	const tokenBodies: string[] = [];
	const ctx = {
		getNode: () => ({
			id: 'n',
			name: 'Trigger',
			type: 't',
			typeVersion: 1,
			position: [0, 0],
			parameters: {},
		}),
		// A poll context's parameters (no item index): every one unset.
		getNodeParameter: (_name: string, fallback: unknown) => fallback,
		getCredentials: async () => ({
			cloud: 'custom',
			loginBaseUrl: 'https://127.0.0.1:1',
			apiBaseUrl: 'https://127.0.0.1:1',
			clientId: 'c',
			clientSecret: secrets[Math.min(reads++, 1)],
		}),
		helpers: {
			httpRequestWithAuthentication: async (
				_type: string,
				request: IHttpRequestOptions,
				extra?: { credentialsDecrypted?: { data?: IDataObject } },
			) => {
				if (request.method !== 'POST') {
					// A proxy that echoes the credential it saw: the error must not carry it.
					return {
						statusCode: 403,
						headers: {},
						body: { error: { code: 'Forbidden', message: `denied for secret new-secret` } },
					};
				}
				const secret = String(extra?.credentialsDecrypted?.data?.clientSecret);
				tokenBodies.push(secret);
				return secret === 'new-secret'
					? { statusCode: 200, headers: {}, body: { access_token: 'tok', expires_in: 3599 } }
					: {
							statusCode: 401,
							headers: {},
							body: {
								error: 'invalid_client',
								error_codes: [7000222],
								error_description: 'AADSTS7000222: The provided client secret keys are expired.',
							},
						};
			},
		},
	} as unknown as IPollFunctions;
	const request = () =>
		defenderApiRequest.call(ctx, {
			authentication: 'defenderMsspAppApi',
			tenant: { tenantId: '11111111-2222-4333-8444-555555555555' },
			method: 'GET',
			path: '/api/alerts',
		});
	const first = await request().catch((error: Error) => error);
	expect(first).toBeInstanceOf(Error);
	expect(JSON.stringify({ ...(first as object), message: (first as Error).message })).not.toContain(
		'new-secret',
	);
	// The same context's next request finds the token issued for the new secret.
	await request().catch(() => undefined);
	expect(tokenBodies).toEqual(['old-secret', 'new-secret']);
	expect(reads).toBe(2);
});
