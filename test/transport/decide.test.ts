/**
 * The request loop's verdicts, one rule per row: what an answer means given what the loop has
 * seen so far. The contract suites prove the same behaviour over a real socket; these pin each
 * rule alone, including the ones a sandbox rarely reaches (a broken 2xx, a lost DELETE).
 */
import { NodeApiError } from 'n8n-workflow';

import { decide, FRESH_HISTORY } from '../../nodes/shared/transport/decide';
import type { Decision, DecisionInput } from '../../nodes/shared/transport/decide';
import { DeadlineReached } from '../../nodes/shared/transport/deadline';
import type { Exchange } from '../../nodes/shared/transport/http';
import { mergeRetryPolicy } from '../../nodes/shared/transport/retry';
import { stubNode } from '../support/stubNode';

const node = stubNode();
const TOKEN = 'opaque-token-value-not-a-jwt';
const policy = mergeRetryPolicy({ baseDelayMs: 100, maxDelayMs: 1_000, maxRetryWaitSeconds: 30 });

function input(outcome: Exchange, over: Partial<DecisionInput> = {}): DecisionInput {
	return {
		outcome,
		attempt: {
			node,
			tenant: { tenantId: '11111111-1111-1111-1111-111111111111', label: 'Contoso' },
			secrets: ['client-secret-value', TOKEN],
			endpoints: {
				apiBaseUrl: 'https://api.security.microsoft.com',
				loginBaseUrl: 'https://login.microsoftonline.com',
				scope: 'https://api.securitycenter.microsoft.com/.default',
			} as DecisionInput['attempt']['endpoints'],
		},
		method: 'GET',
		family: 'alerts',
		resendable: true,
		policy,
		history: { ...FRESH_HISTORY },
		ownToken: true,
		msLeft: Number.POSITIVE_INFINITY,
		now: Date.parse('2026-12-07T12:00:00Z'),
		random: () => 0.5,
		...over,
	};
}

const answer = (status: number, body: unknown = {}, headers: Record<string, unknown> = {}) =>
	({ kind: 'response', status, headers, body }) as Exchange;
const network = (code: string) => ({ kind: 'network', code, message: 'socket' }) as Exchange;

function failure(decision: Decision): Error {
	if (decision.do !== 'fail') throw new Error(`expected a failure, got ${decision.do}`);
	return decision.error;
}

describe('decide: what one answer means', () => {
	it.each([
		['a JSON 200', answer(200, { value: [1] }), { do: 'return', body: { value: [1] } }],
		['an empty 204', answer(204, ''), { do: 'return', body: '' }],
		['a 200 without a body', answer(200, undefined), { do: 'return', body: {} }],
	])('%s is returned', (_name, outcome, expected) => {
		expect(decide(input(outcome))).toEqual(expected);
	});

	it.each([
		['a 500 to a read', answer(500), {}, true],
		['a 503 to a change', answer(503), { method: 'POST', resendable: false }, false],
		['a reset connection to a read', network('ECONNRESET'), {}, true],
		['a refused connection to a change', network('ECONNREFUSED'), { resendable: false }, false],
		['a broken 2xx to a read', answer(200, 'not json'), {}, true],
	] as const)('%s is retried with backoff', (_name, outcome, over, answerLost) => {
		const decision = decide(input(outcome, over as Partial<DecisionInput>));
		expect(decision).toMatchObject({ do: 'retry', answerLost });
		// Equal jitter at random 0.5: three quarters of the base delay.
		expect((decision as { waitMs: number }).waitMs).toBe(75);
	});

	it('backs off exponentially with the failures already seen, capped', () => {
		const patient = { ...policy, maxRetries: 10 };
		const waits = [0, 1, 2, 3, 8].map((failures) => {
			const history = { ...FRESH_HISTORY, failures };
			return (decide(input(answer(502), { history, policy: patient })) as { waitMs: number })
				.waitMs;
		});
		expect(waits).toEqual([75, 150, 300, 600, 750]);
	});

	it.each([
		['a 500', answer(500)],
		['a reset connection', network('ECONNRESET')],
		['a broken 2xx', answer(200, '<html>')],
	])('%s to a change is never sent again: it may have been applied', (_name, outcome) => {
		const error = failure(decide(input(outcome, { method: 'POST', resendable: false })));
		expect(error.message).toMatch(/may have been applied|Defender accepted/);
	});

	it('gives up after the policy allows no more retries, saying how often it tried', () => {
		const error = failure(
			decide(input(network('ECONNRESET'), { history: { ...FRESH_HISTORY, failures: 4 } })),
		);
		expect(error.message).toBe(
			'Could not reach Defender for tenant Contoso (11111111-1111-1111-1111-111111111111) after 5 attempt(s)',
		);
	});

	it('stops for the deadline rather than retry a failed connection with no time left', () => {
		expect(failure(decide(input(network('ECONNRESET'), { msLeft: 0 })))).toBeInstanceOf(
			DeadlineReached,
		);
	});

	it("waits out a 429 for the Retry-After Defender asks, then the throttle's backoff", () => {
		expect(decide(input(answer(429, {}, { 'retry-after': '7' })))).toEqual({
			do: 'throttled',
			waitMs: 7_000,
			why: 'while Defender throttles tenant Contoso (11111111-1111-1111-1111-111111111111) for 7 s',
		});
		const body = { error: { message: 'Rate limit is exceeded. Try again in 12 seconds.' } };
		expect(decide(input(answer(429, body)))).toMatchObject({ do: 'throttled', waitMs: 12_000 });
		expect(decide(input(answer(429)))).toMatchObject({ do: 'throttled', waitMs: 75 });
	});

	it.each([
		['asks to wait longer than Max Retry Wait', { 'retry-after': '31' }, 0, /Raise Max Retry Wait/],
		['throttled six times in a row', { 'retry-after': '1' }, 6, /throttled this tenant 7 times/],
	])('fails a 429 that %s, with the wait as its retry hint', (_n, headers, throttles, advice) => {
		const error = failure(
			decide(input(answer(429, {}, headers), { history: { ...FRESH_HISTORY, throttles } })),
		) as NodeApiError;
		expect(error).toBeInstanceOf(NodeApiError);
		expect(error.httpCode).toBe('429');
		expect(error.description).toMatch(advice);
	});

	it('refreshes its own token once on a 401, then fails with the advice', () => {
		expect(decide(input(answer(401)))).toEqual({ do: 'refreshToken' });
		const twice = failure(
			decide(input(answer(401), { history: { ...FRESH_HISTORY, refreshedOn401: true } })),
		);
		expect(twice.message).toMatch(/^Defender HTTP 401 for tenant Contoso/);
		// n8n refreshes an OAuth2 token itself: a 401 there is final at once.
		expect(decide(input(answer(401), { ownToken: false })).do).toBe('fail');
	});

	it('reports a 4xx with Defender code and message, and never echoes a secret', () => {
		const body = { error: { code: 'Forbidden', message: `token ${TOKEN} lacks a role` } };
		const error = failure(decide(input(answer(403, body)))) as NodeApiError;
		expect(error.message).toMatch(/^Defender Forbidden for tenant Contoso/);
		expect(JSON.stringify({ m: error.message, d: error.description })).not.toContain(TOKEN);
	});

	it('takes a 404 to a DELETE resent after a lost answer as deleted by the lost attempt', () => {
		const lost = { ...FRESH_HISTORY, answerLost: true };
		expect(decide(input(answer(404), { method: 'DELETE', history: lost }))).toEqual({
			do: 'return',
			body: {},
		});
		expect(decide(input(answer(404), { method: 'DELETE' })).do).toBe('fail');
	});
});
