/**
 * Redirect reading and the verdict tables (consent outcome, access checks, grant errors) — pure.
 */
import {
	consentOutcome,
	parseRedirectQuery,
} from '../../nodes/DefenderAuthorizeApplication/helpers/consentOutcome';
import {
	firstFailure,
	probeChecks,
	tokenFailureChecks,
} from '../../nodes/shared/transport/accessVerdict';
import type { AccessContext } from '../../nodes/shared/transport/accessVerdict';
import { adviceForGrantError } from '../../nodes/DefenderAuthorizeApplication/helpers/grantErrors';

const T = 'aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee';
const desc = (code: number) => `AADSTS${code}: text\r\nTrace ID: x\r\nCorrelation ID: y`;

describe('parseRedirectQuery', () => {
	it('takes the Webhook query object, JSON, a query string or a full URL', () => {
		const expected = { admin_consent: 'True', tenant: T, state: 's' };
		expect(parseRedirectQuery(expected)).toEqual(expected);
		expect(parseRedirectQuery(JSON.stringify(expected))).toEqual(expected);
		expect(parseRedirectQuery(`?admin_consent=True&tenant=${T}&state=s`)).toEqual(expected);
		expect(
			parseRedirectQuery(
				`https://n8n.example.com/webhook/c?admin_consent=True&tenant=${T}&state=s`,
			),
		).toEqual(expected);
		expect(parseRedirectQuery({ state: ['first', 'second'] })).toEqual({ state: 'first' });
		expect(() => parseRedirectQuery(undefined)).toThrow(/\$json\.query/);
		expect(() => parseRedirectQuery('{nope')).toThrow(/does not parse/);
	});
});

describe('consentOutcome', () => {
	it('consented (admin consent and v1 code)', () => {
		expect(
			consentOutcome({ admin_consent: 'True', tenant: T, scope: 'x/.default' }, T),
		).toMatchObject({
			outcome: 'consented',
			flow: 'adminConsent',
			scope: 'x/.default',
			whatToDo: expect.stringMatching(/Verify Access/),
		});
		expect(consentOutcome({ code: 'abc' }, T)).toMatchObject({
			outcome: 'consented',
			flow: 'authorizationCode',
		});
	});

	it.each([
		[65004, 'access_denied', /declined/, /Accept/],
		[90094, 'consent_required', /not allowed to consent/, /administrator/],
		[50020, 'invalid_request', /does not belong/, /private browser/],
		[650052, 'invalid_client', /did not complete/, /Defender for Endpoint licence/],
		[50194, 'invalid_request', /single-tenant/, /Supported account types/],
	])('AADSTS%s is refused with a reason and a fix', (code, error, reason, fix) => {
		const out = consentOutcome({ admin_consent: 'False', error, error_description: desc(code) }, T);
		expect(out).toMatchObject({
			outcome: 'refused',
			code: `AADSTS${code}`,
			error,
			microsoftMessage: `AADSTS${code}: text`,
		});
		expect(out.reason).toMatch(reason);
		// The redirect is unsigned, so a refusal is what it reports, never stated as a fact.
		expect(out.reason).toMatch(/^The consent redirect reports that /);
		expect(out.whatToDo).toMatch(fix);
	});

	it('access_denied without a code is a refusal too; an empty query is an error', () => {
		expect(consentOutcome({ error: 'access_denied' }, T).reason).toMatch(
			/^The consent redirect reports that the administrator of tenant .* declined/,
		);
		expect(() => consentOutcome({ state: 'x' }, T)).toThrow(/neither/);
	});
});

const fixOfRow = (rows: Array<{ ok: boolean | null; fix?: string }>) =>
	rows.find((r) => r.ok === false)?.fix ?? '';

describe('access checks', () => {
	const ctx: AccessContext = {
		who: `Fab (${T})`,
		tenantId: T,
		clientId: 'cid',
		loginBaseUrl: 'https://login',
		apiBaseUrl: 'https://api',
	};
	const jwt = (claims: object) =>
		`h.${Buffer.from(JSON.stringify(claims)).toString('base64url')}.s`;
	const token = jwt({ roles: ['Alert.Read.All'] });
	const byName = (rows: ReturnType<typeof probeChecks>) =>
		Object.fromEntries(rows.map((r) => [r.check, r.ok]));
	const response = (status: number, body: unknown) => ({
		kind: 'response' as const,
		status,
		headers: {},
		body,
	});

	it('all pass on 200', () => {
		expect(byName(probeChecks(ctx, token, response(200, { value: [] })))).toEqual({
			token: true,
			apiReachable: true,
			readAlerts: true,
			licence: true,
			portalAuthorization: true,
		});
	});

	it('tells licence from portal authorization on 403 DisabledFeature', () => {
		const portal = probeChecks(
			ctx,
			token,
			response(403, {
				error: {
					code: 'DisabledFeature',
					message: 'Application x is not authorized … SIEM > MSSP.',
				},
			}),
		);
		expect(byName(portal)).toMatchObject({
			licence: true,
			portalAuthorization: false,
			readAlerts: null,
		});
		expect(portal.find((r) => r.check === 'portalAuthorization')?.fix).toMatch(/MSSP tab.*cid/);
		const licence = probeChecks(
			ctx,
			token,
			response(403, {
				error: { code: 'DisabledFeature', message: "Tenant feature isn't enabled" },
			}),
		);
		expect(byName(licence)).toMatchObject({ licence: false, portalAuthorization: null });
	});

	it('403 Forbidden is a missing alert permission', () => {
		const rows = probeChecks(
			ctx,
			jwt({ roles: ['Machine.Read.All'] }),
			response(403, { error: { code: 'Forbidden', message: 'Missing role' } }),
		);
		expect(byName(rows)).toMatchObject({
			readAlerts: false,
			licence: true,
			portalAuthorization: true,
		});
		expect(rows.find((r) => r.check === 'readAlerts')?.detail).toMatch(/no Alert\.Read\.All/);
	});

	it('unreachable API and token failures', () => {
		expect(
			byName(probeChecks(ctx, token, { kind: 'network', code: 'ECONNREFUSED', message: '' })),
		).toMatchObject({ apiReachable: false, readAlerts: null });
		const noLicence = tokenFailureChecks(
			ctx,
			response(400, { error: 'invalid_resource', error_codes: [500011] }),
		);
		expect(byName(noLicence)).toMatchObject({ token: false, licence: false, apiReachable: null });
		const expired = tokenFailureChecks(
			ctx,
			response(401, { error: 'invalid_client', error_codes: [7000222] }),
		);
		expect(expired[0]).toMatchObject({
			ok: false,
			detail: expect.stringMatching(/AADSTS7000222/),
			fix: expect.stringMatching(/expired/),
		});
	});

	it('never shows part of the token when Defender echoes it in a long message', () => {
		const long = `${'x'.repeat(250)} token=${token}`;
		const rows = probeChecks(
			ctx,
			token,
			response(403, { error: { code: 'Forbidden', message: long } }),
		);
		const text = JSON.stringify(rows);
		expect(text).not.toContain(token.slice(0, 12));
		expect(text).toContain('[redacted]');
	});

	it("the credential test's sentence is the first failed row, asking to test again", () => {
		const disabled = {
			error: { code: 'DisabledFeature', message: 'Tenant feature is not enabled' },
		};
		const rows = probeChecks({ ...ctx, again: 'test the credential again' }, token, {
			...response(403, disabled),
		});
		const failed = rows.find((r) => r.ok === false);
		expect(failed?.check).toBe('licence');
		expect(firstFailure(rows)).toBe(`${failed?.detail} ${failed?.fix}`);
		expect(firstFailure(rows)).toMatch(/then test the credential again\.$/);
		expect(fixOfRow(probeChecks(ctx, token, response(403, disabled)))).toMatch(
			/then run Verify Access again\.$/,
		);
		expect(firstFailure(probeChecks(ctx, token, response(200, { value: [] })))).toBeUndefined();
	});
});

describe('grant errors', () => {
	it('speaks of a new sign-in, not a reconnect', () => {
		expect(
			adviceForGrantError({ error: 'invalid_grant', error_codes: [54005] }, T, 400),
		).toMatchObject({
			code: 'AADSTS54005',
			advice: expect.stringMatching(/already redeemed/),
			credentialProblem: false,
		});
		expect(
			adviceForGrantError({ error: 'invalid_client', error_codes: [7000215] }, T, 401)
				.credentialProblem,
		).toBe(true);
	});
});
