/**
 * The OAuth2 credential's sign-in failing at run time, through n8n-core's real OAuth2 path: a 401
 * makes n8n-core refresh the token, and when Entra ID refuses the refresh (revoked sign-in, wrong
 * client secret) the user must read that the sign-in needs reconnecting, not a network error.
 */
import type { ICredentialDataDecryptedObject } from 'n8n-workflow';

import { oauthCredentials } from '../fetch-alerts/support';
import { probe, tenantParam, useSandbox } from './support';

jest.setTimeout(300_000);

const sandbox = useSandbox();
const fab = () => sandbox().tenants.fabrikam.id;

async function connected(): Promise<ICredentialDataDecryptedObject> {
	return (await oauthCredentials(sandbox(), fab())).defenderMsspOAuth2Api.data;
}

async function probeOAuth2(data: ICredentialDataDecryptedObject) {
	return await probe(
		sandbox(),
		{ ...tenantParam(fab()), tenantScope: 'credential', path: '/api/alerts?$top=1' },
		data,
		'defenderMsspOAuth2Api',
	);
}

describe('OAuth2 sign-in failing at run time', () => {
	it('works while the sign-in is valid', async () => {
		const r = await probeOAuth2(await connected());
		expect(r.error).toBeUndefined();
	});

	it('says the sign-in expired and how to reconnect when Entra ID refuses the refresh', async () => {
		const data = await connected();
		await sandbox().control.revokeTokens({ tenantId: fab() });
		const r = await probeOAuth2(data);
		const text = `${r.error?.message} ${r.error?.description}`;
		expect(text).not.toMatch(/Could not reach|network path/);
		expect(text).toMatch(/sign-in .*(expired|revoked)/i);
		expect(text).toMatch(/Reconnect/);
		expect(text).toContain(fab());
	});

	it('names the refused client secret when the refresh fails on it', async () => {
		const data = await connected();
		await sandbox().control.revokeTokens({ tenantId: fab() });
		const r = await probeOAuth2({ ...data, clientSecret: 'not-the-secret' });
		const text = `${r.error?.message} ${r.error?.description}`;
		expect(text).not.toMatch(/Could not reach|network path/);
		expect(text).toMatch(/client secret/i);
		expect(text).not.toContain('not-the-secret');
	});
});
