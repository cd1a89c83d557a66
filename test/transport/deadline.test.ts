/**
 * A request with a deadline (a trigger's poll) waits for nothing past it — not for a token request
 * that another caller started — and a caller without one never sees the poll's DeadlineReached.
 * The transport runs for real; n8n's HTTP helper is replaced by a slow or flaky identity platform.
 */
import type { IHttpRequestOptions, IPollFunctions } from 'n8n-workflow';
import { sleep } from 'n8n-workflow';

import { defenderApiRequest, isDeadlineReached } from '../../nodes/shared/transport';
import { resetTransport } from '../support/fixtures';

const tenant = { tenantId: '11111111-2222-4333-8444-555555555555' };
const token = { statusCode: 200, headers: {}, body: { access_token: 'tok', expires_in: 3599 } };
const alerts = { statusCode: 200, headers: {}, body: { value: [] } };

function fakeContext(answerToken: () => Promise<unknown>): IPollFunctions {
	return {
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
			clientSecret: 's',
		}),
		helpers: {
			httpRequestWithAuthentication: async (_type: string, request: IHttpRequestOptions) =>
				request.method === 'POST' ? await answerToken() : alerts,
		},
	} as unknown as IPollFunctions;
}

const get = (ctx: IPollFunctions, deadline?: number) =>
	defenderApiRequest.call(ctx, {
		authentication: 'defenderMsspAppApi',
		tenant,
		method: 'GET',
		path: '/api/alerts',
		tuning: { retry: { baseDelayMs: 1_000, maxDelayMs: 1_000 } },
		...(deadline === undefined ? {} : { deadline }),
	});

beforeEach(() => {
	resetTransport();
});

test('a poll stops waiting for a token request another caller started, at its own deadline', async () => {
	const ctx = fakeContext(async () => {
		await sleep(2_500);
		return token;
	});
	const other = get(ctx); // e.g. a Fetch Alerts execution: no deadline, it starts the token request
	const started = Date.now();
	const outcome = await get(ctx, started + 1_600).then(
		() => 'ok',
		(error: unknown) => error,
	);
	expect(isDeadlineReached(outcome)).toBe(true);
	expect(Date.now() - started).toBeLessThan(2_200);
	await expect(other).resolves.toEqual({ value: [] });
});

test("a caller without a deadline never fails with a poll's DeadlineReached", async () => {
	let calls = 0;
	const ctx = fakeContext(async () =>
		calls++ === 0 ? { statusCode: 503, headers: {}, body: {} } : token,
	);
	// The poll starts the token request with little time left; its first answer is a 503.
	const poll = get(ctx, Date.now() + 1_200).then(
		() => 'ok',
		(error: unknown) => error,
	);
	const execution = get(ctx).then(
		() => 'ok',
		(error: unknown) => error,
	);
	await poll;
	expect(await execution).toBe('ok');
});
