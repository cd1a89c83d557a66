/**
 * Consent state: signature, expiry, tenant binding, malformed input, replay store, and links per
 * cloud — pure, no n8n.
 */
import { resolveEndpoints } from '../../nodes/shared/transport/clouds';
import {
	deriveStateKey,
	newNonce,
	signConsentState,
	verifyConsentState,
} from '../../nodes/DefenderAuthorizeApplication/helpers/consentState';
import type { ConsentStatePayload } from '../../nodes/DefenderAuthorizeApplication/helpers/consentState';
import {
	claimNonce,
	markRefusalReported,
	MAX_REFUSALS_PER_STATE,
	MAX_USED_STATES,
	refusalKind,
} from '../../nodes/DefenderAuthorizeApplication/helpers/usedStates';
import {
	adminConsentUrl,
	assertRedirectUri,
	delegatedSignInUrl,
	legacyConsentUrl,
} from '../../nodes/DefenderAuthorizeApplication/helpers/consentUrl';

const CLIENT = '11111111-2222-3333-4444-555555555555';
const TENANT = 'aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee';
const NOW = Date.UTC(2026, 0, 1);
const key = deriveStateKey(CLIENT, 'secret-value-1');
const payload = (over: Partial<ConsentStatePayload> = {}): ConsentStatePayload => ({
	v: 1,
	t: TENANT,
	n: newNonce(),
	r: 'https://n8n.example.com/webhook/consent',
	e: NOW / 1000 + 3600,
	...over,
});

describe('consent state', () => {
	it('round-trips and binds to the tenant, case-insensitively', () => {
		const p = payload();
		const state = signConsentState(key, p);
		expect(verifyConsentState(key, state, NOW)).toEqual({ ok: true, payload: p });
		expect(verifyConsentState(key, state, NOW, TENANT.toUpperCase())).toMatchObject({ ok: true });
	});

	it('rejects another tenant in the redirect (tampered tenant)', () => {
		const state = signConsentState(key, payload());
		const result = verifyConsentState(key, state, NOW, 'ffffffff-bbbb-cccc-dddd-eeeeeeeeeeee');
		expect(result).toMatchObject({ ok: false, reason: 'tenantMismatch' });
		expect(verifyConsentState(key, state, NOW, 'common')).toMatchObject({
			ok: false,
			reason: 'tenantMismatch',
		});
	});

	it('rejects a payload re-signed with another key or edited (forged)', () => {
		const other = deriveStateKey(CLIENT, 'another-secret');
		expect(verifyConsentState(key, signConsentState(other, payload()), NOW)).toMatchObject({
			ok: false,
			reason: 'forged',
		});
		expect(
			verifyConsentState(
				key,
				signConsentState(deriveStateKey('other-client', 'secret-value-1'), payload()),
				NOW,
			),
		).toMatchObject({ ok: false, reason: 'forged' });
		const [, mac] = signConsentState(key, payload()).split('.');
		const edited = Buffer.from(
			JSON.stringify(payload({ t: 'ffffffff-bbbb-cccc-dddd-eeeeeeeeeeee' })),
		).toString('base64url');
		const result = verifyConsentState(key, `${edited}.${mac}`, NOW);
		expect(result).toMatchObject({ ok: false, reason: 'forged' });
		if (!result.ok) expect(result.message).toMatch(/create a new consent link/);
	});

	it('rejects an expired state, at the second it expires', () => {
		const p = payload({ e: NOW / 1000 });
		expect(verifyConsentState(key, signConsentState(key, p), NOW - 1)).toMatchObject({ ok: true });
		const result = verifyConsentState(key, signConsentState(key, p), NOW);
		expect(result).toMatchObject({ ok: false, reason: 'expired' });
		if (!result.ok) expect(result.message).toContain(new Date(NOW).toISOString());
	});

	it.each([undefined, '', 'abc', 'a.b.c', 'a!.b', 42, 'x'.repeat(5000)])(
		'rejects malformed state %p',
		(state) => {
			expect(verifyConsentState(key, state, NOW)).toMatchObject({ ok: false, reason: 'malformed' });
		},
	);

	it('rejects a correctly signed payload of the wrong shape', () => {
		const part = Buffer.from(JSON.stringify({ v: 2, t: TENANT })).toString('base64url');
		const signed = signConsentState(key, { v: 2, t: TENANT } as unknown as ConsentStatePayload);
		expect(signed.startsWith(part)).toBe(true);
		expect(verifyConsentState(key, signed, NOW)).toMatchObject({ ok: false, reason: 'malformed' });
	});

	it('refuses to derive a key without a secret', () => {
		expect(() => deriveStateKey(CLIENT, '')).toThrow(/client secret/);
	});
});

describe('replay store', () => {
	it('accepts a nonce once, forgets it after expiry', () => {
		const data = {};
		expect(claimNonce(data, 'n1', NOW / 1000 + 60, NOW)).toBe(true);
		expect(claimNonce(data, 'n1', NOW / 1000 + 60, NOW + 1000)).toBe(false);
		expect(claimNonce(data, 'n2', NOW / 1000 + 60, NOW + 61_000)).toBe(true);
		expect(Object.keys((data as { usedConsentStates: object }).usedConsentStates)).toEqual(['n2']);
	});

	it('stays bounded, dropping the soonest-expiring nonces first', () => {
		const data = {};
		expect(MAX_USED_STATES).toBeGreaterThanOrEqual(1000);
		for (let i = 0; i < 60; i++) claimNonce(data, `n${i}`, NOW / 1000 + 100 + i, NOW, 50);
		const kept = Object.keys((data as { usedConsentStates: object }).usedConsentStates);
		expect(kept).toHaveLength(50);
		expect(kept).not.toContain('n9');
		expect(kept).toContain('n10');
		expect(claimNonce(data, 'n59', NOW / 1000 + 1e6, NOW, 50)).toBe(false);
	});
});

describe('reported refusals', () => {
	const declined = refusalKind({ code: 'AADSTS65004', error: 'access_denied' });
	const exp = NOW / 1000 + 60;

	it('a refusal is new once per state, forgotten after expiry, and never uses the state up', () => {
		const data = {};
		expect(markRefusalReported(data, 'n1', declined, exp, NOW)).toBe(false);
		expect(markRefusalReported(data, 'n1', declined, exp, NOW + 1000)).toBe(true);
		expect(markRefusalReported(data, 'n2', declined, exp, NOW + 1000)).toBe(false);
		expect(claimNonce(data, 'n1', exp, NOW + 2000)).toBe(true);
		expect(markRefusalReported(data, 'n1', declined, exp + 120, NOW + 61_000)).toBe(false);
	});

	it('a forger varying the error gets a bounded number of reports per state', () => {
		const data = {};
		const news = Array.from({ length: MAX_REFUSALS_PER_STATE + 3 }, (_, i) =>
			markRefusalReported(data, 'n1', refusalKind({ error: `made_up_${i}` }), exp, NOW),
		).filter((repeated) => !repeated);
		expect(news).toHaveLength(MAX_REFUSALS_PER_STATE);
	});
});

describe('consent links per cloud', () => {
	const link = {
		tenant: TENANT,
		clientId: CLIENT,
		redirectUri: 'https://n8n.example.com/webhook/consent',
		state: 's.t',
	};
	it.each([
		['global', 'https://login.microsoftonline.com', 'https://api.securitycenter.microsoft.com'],
		['gcc', 'https://login.microsoftonline.com', 'https://api-gcc.securitycenter.microsoft.us'],
		['gccHigh', 'https://login.microsoftonline.us', 'https://api-gov.securitycenter.microsoft.us'],
		['dod', 'https://login.microsoftonline.us', 'https://api-gov.securitycenter.microsoft.us'],
	])('%s', (cloud, login, audience) => {
		const endpoints = resolveEndpoints({ cloud });
		const v2 = new URL(adminConsentUrl(endpoints, link));
		expect(`${v2.origin}${v2.pathname}`).toBe(`${login}/${TENANT}/v2.0/adminconsent`);
		expect(Object.fromEntries(v2.searchParams)).toEqual({
			client_id: CLIENT,
			scope: `${audience}/.default`,
			redirect_uri: link.redirectUri,
			state: 's.t',
		});
		const v1 = new URL(legacyConsentUrl(endpoints, link));
		expect(`${v1.origin}${v1.pathname}`).toBe(`${login}/${TENANT}/oauth2/authorize`);
		expect(Object.fromEntries(v1.searchParams)).toMatchObject({
			client_id: CLIENT,
			response_type: 'code',
			prompt: 'consent',
			resource: audience,
			state: 's.t',
		});
		const signIn = new URL(delegatedSignInUrl(endpoints, link));
		expect(signIn.pathname).toBe(`/${TENANT}/oauth2/v2.0/authorize`);
		expect(signIn.searchParams.get('scope')).toBe(`${audience}/.default offline_access`);
	});

	it('validates redirect URIs as Entra ID does', () => {
		expect(assertRedirectUri(' https://n8n.example.com/webhook/x ')).toBe(
			'https://n8n.example.com/webhook/x',
		);
		expect(assertRedirectUri('http://localhost:5678/webhook/x')).toBe(
			'http://localhost:5678/webhook/x',
		);
		expect(() => assertRedirectUri('http://n8n.example.com/webhook/x')).toThrow(/https/);
		expect(() => assertRedirectUri('https://n8n.example.com/x#frag')).toThrow(/fragment/);
		expect(() => assertRedirectUri('webhook/x')).toThrow(/Webhook node/);
	});
});
