import https from 'node:https';

import { pollNode, testCredential, trustCa } from '../harness';
import { Dummy } from '../harness/fixtures/Dummy.node';
import { DummyKeyApi } from '../harness/fixtures/DummyKeyApi.credentials';
import { DummyOAuth2Api } from '../harness/fixtures/DummyOAuth2Api.credentials';
import { DummyTokenApi } from '../harness/fixtures/DummyTokenApi.credentials';
import { DummyTrigger } from '../harness/fixtures/DummyTrigger.node';
import { CLIENT_ID, CLIENT_SECRET, DummyService } from './support/dummy-service';
import { createTestPki } from './support/test-ca';

const service = new DummyService();
let caPem = '';

beforeAll(async () => {
	const pki = createTestPki();
	caPem = pki.caPem;
	await service.start(pki);
});

afterAll(async () => {
	await service.stop();
});

// A fresh agent per request: no pooled socket or TLS session outlives a trust change.
const get = async (url: string, servername?: string) =>
	await new Promise<number>((resolve, reject) => {
		https
			.get(url, { agent: new https.Agent({ keepAlive: false }), servername }, (res) => {
				res.resume();
				resolve(res.statusCode ?? 0);
			})
			.on('error', reject);
	});

describe('trustCa', () => {
	it('makes TLS clients trust the test CA only while trusted, with verification on', async () => {
		await expect(get(`${service.baseUrl}/me`)).rejects.toThrow(
			/self[- ]signed|unable to verify|issuer/i,
		);
		const untrust = trustCa(caPem);
		try {
			expect(await get(`${service.baseUrl}/me`)).toBe(401);
			// Host name verification still applies: the certificate is for 127.0.0.1/localhost only.
			await expect(get(`${service.baseUrl}/me`, 'wrong.example')).rejects.toThrow(/altnames/);
		} finally {
			untrust();
		}
		await expect(get(`${service.baseUrl}/me`)).rejects.toThrow(
			/self[- ]signed|unable to verify|issuer/i,
		);
	});
});

describe('pollNode and testCredential (CA trusted)', () => {
	let untrust: () => void;
	beforeAll(() => {
		untrust = trustCa(caPem);
	});
	afterAll(() => untrust());

	const tokenCredentials = () => ({
		dummyTokenApi: {
			id: 'cred-poll',
			data: { baseUrl: service.baseUrl, clientId: CLIENT_ID, clientSecret: CLIENT_SECRET },
		},
	});

	it('keeps the cursor in node static data across polls, and manual mode never moves it', async () => {
		service.events = [
			{ id: 1, name: 'one' },
			{ id: 2, name: 'two' },
		];
		const base = {
			nodeType: new DummyTrigger(),
			parameters: { label: 'alerts' },
			credentialTypes: [new DummyTokenApi()],
			credentials: tokenCredentials(),
		};
		const first = await pollNode({ ...base, mode: 'trigger' });
		expect(first.error).toBeUndefined();
		expect(first.result?.[0].map((i) => i.json)).toEqual([
			{ id: 1, name: 'one', label: 'alerts' },
			{ id: 2, name: 'two', label: 'alerts' },
		]);
		expect(first.staticData).toEqual({ 'node:Node Under Test': { lastId: 2 } });

		const idle = await pollNode({
			...base,
			credentials: first.credentials,
			staticData: first.staticData,
			mode: 'trigger',
		});
		expect(idle.result).toBeNull();
		expect(service.count('POST', '/token')).toBe(1);

		service.events.push({ id: 3, name: 'three' });
		const manual = await pollNode({ ...base, staticData: idle.staticData, mode: 'manual' });
		expect(manual.result?.[0].map((i) => i.json.id)).toEqual([3]);
		expect(manual.staticData).toEqual({ 'node:Node Under Test': { lastId: 2 } });

		const next = await pollNode({ ...base, staticData: manual.staticData, mode: 'trigger' });
		expect(next.result?.[0].map((i) => i.json.id)).toEqual([3]);
		expect(next.staticData).toEqual({ 'node:Node Under Test': { lastId: 3 } });

		const dropped = await pollNode({ ...base, mode: 'trigger' });
		expect(dropped.result?.[0].map((i) => i.json.id)).toEqual([1, 2, 3]);
	});

	it('tests a credential through its own auth path: preAuthentication, rules, HTTP errors', async () => {
		const credentialTypes = [new DummyTokenApi()];
		const good = { baseUrl: service.baseUrl, clientId: CLIENT_ID, clientSecret: CLIENT_SECRET };
		const before = service.count('POST', '/token');
		// A stored token is ignored: n8n always re-runs preAuthentication when testing.
		const ok = await testCredential({
			credentialType: 'dummyTokenApi',
			data: { ...good, sessionToken: 'stale' },
			credentialTypes,
		});
		expect(ok).toMatchObject({ status: 'OK', message: 'Connection successful!' });
		expect(service.count('POST', '/token')).toBe(before + 1);

		service.meStatus = 'disabled';
		const rule = await testCredential({
			credentialType: 'dummyTokenApi',
			data: good,
			credentialTypes,
		});
		expect(rule).toMatchObject({ status: 'Error', message: 'This account is disabled' });
		service.meStatus = 'active';

		const bad = await testCredential({
			credentialType: 'dummyTokenApi',
			data: { ...good, clientSecret: 'wrong' },
			credentialTypes,
		});
		expect(bad.status).toBe('Error');
		expect(bad.logs.map((l) => l.metadata + l.message).join('\n')).not.toContain(CLIENT_SECRET);
	});

	it('uses the node testedBy function, and the access-token check for OAuth2 types', async () => {
		const nodeTypes = [new Dummy()];
		const credentialTypes = [new DummyKeyApi(), new DummyOAuth2Api()];
		const keyOk = await testCredential({
			credentialType: 'dummyKeyApi',
			data: { baseUrl: service.baseUrl, apiKey: 'good-key' },
			credentialTypes,
			nodeTypes,
		});
		expect(keyOk.status).toBe('OK');
		const keyBad = await testCredential({
			credentialType: 'dummyKeyApi',
			data: { baseUrl: service.baseUrl, apiKey: 'bad-key' },
			credentialTypes,
			nodeTypes,
		});
		expect(keyBad).toMatchObject({
			status: 'Error',
			message: expect.stringContaining('Key rejected'),
		});
		const noNode = await testCredential({
			credentialType: 'dummyKeyApi',
			data: {},
			credentialTypes,
		});
		expect(noNode).toMatchObject({
			status: 'Error',
			message: 'No testing function found for this credential.',
		});

		const oauthData = {
			baseUrl: service.baseUrl,
			clientId: CLIENT_ID,
			clientSecret: CLIENT_SECRET,
		};
		const notConnected = await testCredential({
			credentialType: 'dummyOAuth2Api',
			data: oauthData,
			credentialTypes,
			nodeTypes,
		});
		expect(notConnected.status).toBe('Error');
		const connected = await testCredential({
			credentialType: 'dummyOAuth2Api',
			data: { ...oauthData, oauthTokenData: { access_token: 'x', refresh_token: 'y' } },
			credentialTypes,
			nodeTypes,
		});
		expect(connected.status).toBe('OK');
	});
});
