/**
 * Complete Consent believes Entra ID, not the redirect: a redirect saying "consented" is reported
 * as consented only once the sandbox's token endpoint issues the app a token for the tenant;
 * otherwise it is pending verification with what to do, and the state stays usable. Neither a
 * refusal nor an unconfirmed consent uses the state up, so a forged refusal cannot disable the
 * link before the administrator clicks Accept, and a consent still replicating at Entra ID can be
 * confirmed by running the same redirect again.
 */
import type { IDataObject } from 'n8n-workflow';

import type { RunNodeResult } from '../harness';
import { signIn } from '../sandbox/client';
import {
	sandboxAppCredentials,
	errorOf,
	expectNoSecrets,
	itemsOf,
	REDIRECT,
	run,
	startEnv,
	stopEnv,
	type Env,
} from './support';

let env: Env;
const results: RunNodeResult[] = [];
const creds = (over: { clientSecret?: string } = {}) => sandboxAppCredentials(env.sb, [], over);

beforeAll(async () => {
	env = await startEnv();
}, 120_000);
afterAll(async () => stopEnv(env));

/** A customer tenant that has never consented to the MSSP app. */
async function newCustomer(name: string, consentReplicationMs = 0): Promise<string> {
	const tenant = await env.sb.control.addTenant({ name, msspConsented: false });
	if (consentReplicationMs > 0)
		await env.sb.control.updateTenant(tenant.id, { consentReplicationMs });
	return tenant.id;
}

async function consentLink(tenantId: string, over: { clientSecret?: string } = {}) {
	const result = await run(
		'createConsentLink',
		{ customerTenant: tenantId, redirectUri: REDIRECT },
		creds(over),
	);
	results.push(result);
	const consentUrl = itemsOf(result)[0].consentUrl as string;
	return { consentUrl, state: new URL(consentUrl).searchParams.get('state') as string };
}

/** Runs Complete Consent on `query`; returns the result with the static data to pass on. */
async function complete(
	query: IDataObject,
	staticData: IDataObject,
	over: { clientSecret?: string } = {},
): Promise<RunNodeResult> {
	const result = await run('completeConsent', {}, creds(over), {
		inputItems: [{ query }],
		staticData,
	});
	results.push(result);
	return result;
}

async function accept(consentUrl: string): Promise<IDataObject> {
	return Object.fromEntries((await signIn(consentUrl, env.sb.caPem, { action: 'accept' })).params);
}

describe('Complete Consent confirms the consent with Entra ID', () => {
	it('a hand-made "admin_consent=True" redirect is pending verification; the real Accept then confirms it', async () => {
		const tenantId = await newCustomer('forgedsuccess');
		const { consentUrl, state } = await consentLink(tenantId);
		// Anyone who holds the link can call the redirect URL with the admin_consent it expects.
		const forged = await complete({ admin_consent: 'True', tenant: tenantId, state }, {});
		expect(itemsOf(forged)[0]).toMatchObject({
			tenantId,
			consented: false,
			outcome: 'pendingVerification',
			code: 'AADSTS700016',
			reason: expect.stringMatching(/does not issue the app a token.*not confirmed/),
			whatToDo: expect.stringMatching(
				/Verify Access.*open the consent link again.*still works until/,
			),
		});

		const genuine = await complete(await accept(consentUrl), forged.staticData);
		expect(itemsOf(genuine)[0]).toMatchObject({
			tenantId,
			consented: true,
			outcome: 'consented',
			permissions: expect.arrayContaining(['Alert.Read.All']),
		});
		expect(errorOf(await complete(await accept(consentUrl), genuine.staticData))).toMatch(
			/replayed state/,
		);
	});

	it('a consent Entra ID is still replicating is pending verification; the same redirect confirms it later, once', async () => {
		const tenantId = await newCustomer('slowreplica', 5 * 60_000);
		const redirect = await accept((await consentLink(tenantId)).consentUrl);
		expect(redirect).toMatchObject({ admin_consent: 'True', tenant: tenantId });

		const early = await complete(redirect, {});
		expect(itemsOf(early)[0]).toMatchObject({
			consented: false,
			outcome: 'pendingVerification',
			whatToDo: expect.stringMatching(/replicating.*in a few minutes/),
		});
		await env.sb.control.advanceClock(5 * 60_000);
		const later = await complete(redirect, early.staticData);
		expect(itemsOf(later)[0]).toMatchObject({ consented: true, outcome: 'consented' });
		expect(errorOf(await complete(redirect, later.staticData))).toMatch(/replayed state/);
	});

	it('a forged refusal does not use up the state: the administrator can still accept with the same link', async () => {
		const tenantId = await newCustomer('forgedrefusal');
		const { consentUrl, state } = await consentLink(tenantId);
		const refusal = await complete(
			{ admin_consent: 'True', error: 'access_denied', tenant: tenantId, state },
			{},
		);
		expect(itemsOf(refusal)[0]).toMatchObject({
			consented: false,
			outcome: 'refused',
			repeated: false,
			// Unsigned, so reported as what the redirect says, not as what the administrator did.
			reason: expect.stringMatching(/^The consent redirect reports that the administrator/),
			whatToDo: expect.stringMatching(/still works until/),
		});
		// The same refusal again is the same report, not a replay error (nothing was granted), and
		// marked as a repeat so that the workflow does not alert the SOC a second time.
		const again = await complete({ error: 'access_denied', state }, refusal.staticData);
		expect(itemsOf(again)[0]).toMatchObject({
			outcome: 'refused',
			repeated: true,
			whatToDo: expect.stringMatching(/still works until.*already reported for this link/),
		});
		// Another refusal for the same link is news (e.g. a non-admin tried first).
		const other = await complete(
			{ error: 'consent_required', error_description: 'AADSTS90094: x', state },
			again.staticData,
		);
		expect(itemsOf(other)[0]).toMatchObject({ outcome: 'refused', repeated: false });
		// A link of its own has its own record: the same refusal there is reported.
		const { state: otherState } = await consentLink(tenantId);
		expect(
			itemsOf(await complete({ error: 'access_denied', state: otherState }, other.staticData))[0],
		).toMatchObject({ outcome: 'refused', repeated: false });
		const accepted = await complete(await accept(consentUrl), other.staticData);
		expect(itemsOf(accepted)[0]).toMatchObject({ consented: true, outcome: 'consented' });
	});

	it('a token refused for another reason (expired client secret) is pending verification with the fix', async () => {
		const tenantId = await newCustomer('expiredsecret');
		const expired = { clientSecret: env.sb.credentials.expiredClientSecret };
		// The state is signed with the same (expired) secret, so only the token request fails.
		const redirect = await accept((await consentLink(tenantId, expired)).consentUrl);
		const item = itemsOf(await complete(redirect, {}, expired))[0];
		expect(item).toMatchObject({
			consented: false,
			outcome: 'pendingVerification',
			code: 'AADSTS7000222',
			reason: expect.stringMatching(/could not be confirmed.*AADSTS7000222/),
			whatToDo: expect.stringMatching(/secret has expired.*Verify Access.*to confirm/),
		});
	});

	it('no output or error holds the client secret or a token', () => {
		expect(results.length).toBeGreaterThan(10);
		expectNoSecrets(env.sb, results);
	});
});
