import { runNode, trustCa } from '../harness';
import { Dummy } from '../harness/fixtures/Dummy.node';
import { DummyTokenApi } from '../harness/fixtures/DummyTokenApi.credentials';
import { CLIENT_ID, CLIENT_SECRET, DummyService } from './support/dummy-service';
import { createTestPki } from './support/test-ca';

const service = new DummyService();
let untrust: () => void;

beforeAll(async () => {
	const pki = createTestPki();
	untrust = trustCa(pki.caPem);
	await service.start(pki);
});

afterAll(async () => {
	untrust();
	await service.stop();
});

const tokenCredentials = () => ({
	dummyTokenApi: {
		id: 'cred-1',
		data: { baseUrl: service.baseUrl, clientId: CLIENT_ID, clientSecret: CLIENT_SECRET },
	},
});

describe('runNode with a preAuthentication credential', () => {
	it('fetches the token once, resolves $json per item, reuses it, and refetches after a 401', async () => {
		const first = await runNode({
			nodeType: new Dummy(),
			credentialTypes: [new DummyTokenApi()],
			credentials: tokenCredentials(),
			parameters: { authentication: 'token', path: '={{ "/items/" + $json.id }}' },
			inputItems: [{ id: 'a' }, { id: 'b' }],
		});
		expect(first.error).toBeUndefined();
		expect(first.output?.[0].map((i) => i.json)).toEqual([
			{ id: 'a', token: 'session-1' },
			{ id: 'b', token: 'session-1' },
		]);
		expect(first.output?.[0].map((i) => i.pairedItem)).toEqual([{ item: 0 }, { item: 1 }]);
		expect(service.count('POST', '/token')).toBe(1);
		// n8n persists the token; the hidden expression default was resolved, not stored.
		expect(first.credentialUpdates).toHaveLength(1);
		expect(first.credentialUpdates[0]).toMatchObject({ kind: 'preAuthentication', id: 'cred-1' });
		expect(first.credentials.dummyTokenApi.data).toEqual({
			...tokenCredentials().dummyTokenApi.data,
			sessionToken: 'session-1',
		});

		service.revokeAllTokens();
		const second = await runNode({
			nodeType: new Dummy(),
			credentialTypes: [new DummyTokenApi()],
			credentials: first.credentials,
			parameters: { authentication: 'token', path: '/items/c' },
		});
		expect(second.output?.[0][0].json).toEqual({ id: 'c', token: 'session-2' });
		expect(service.count('POST', '/token')).toBe(2);
		expect(second.credentials.dummyTokenApi.data.sessionToken).toBe('session-2');
		expect(second.logs.some((l) => l.message.includes('Dummy node requesting /items/c'))).toBe(true);
	});
});
