/** Client-secret rotation: a second secret for an app, both valid until one is expired. */
import { clientCredentials, SandboxControlClient } from '../sandbox/client';
import { startSandbox, Sandbox } from '../sandbox/server';
import { aadCode, decodeJwt } from './helpers';

let sb: Sandbox;
beforeAll(async () => {
	sb = await startSandbox();
});
afterAll(async () => {
	await sb.stop();
});
beforeEach(async () => {
	await sb.control.reset();
});

const cc = (secret: string, tenant = sb.tenants.fabrikam.id) =>
	clientCredentials(sb.origin, sb.caPem, tenant, sb.credentials.clientId, secret);

test('addSecret over HTTP: old and new secret both give tokens until the old one is expired; then only the new', async () => {
	const c = new SandboxControlClient(sb.origin, sb.caPath);
	const added = await c.addSecret(sb.credentials.clientId);
	expect(added).toEqual(
		expect.objectContaining({
			id: expect.stringMatching(/^[0-9a-f-]{36}$/),
			value: expect.stringMatching(/^.{3}8Q~.{30,}$/),
		}),
	);
	expect(added.value).not.toBe(sb.credentials.clientSecret);
	expect(
		(await c.world()).apps
			.find((a) => a.clientId === sb.credentials.clientId)
			?.secrets.map((s) => s.id),
	).toContain(added.id);

	for (const secret of [sb.credentials.clientSecret, added.value]) {
		const r = await cc(secret);
		expect(r.status).toBe(200);
		expect(decodeJwt(r.json.access_token).appid).toBe(sb.credentials.clientId);
	}
	await c.expireSecret(sb.credentials.clientId, sb.credentials.clientSecret);
	expect(aadCode(await cc(sb.credentials.clientSecret))).toBe(7000222);
	expect((await cc(added.value)).status).toBe(200);
	expect((await cc(added.value, sb.tenants.northwind.id)).status).toBe(200);

	await c.expireSecret(sb.credentials.clientId, added.id);
	expect(aadCode(await cc(added.value))).toBe(7000222);
});

test('in process: a third secret, its own description and expiry; unknown app → 404; reset drops added secrets', async () => {
	const second = await sb.control.addSecret(sb.credentials.clientId);
	const third = await sb.control.addSecret(sb.credentials.clientId, {
		description: 'rotation 2027',
		expiresAt: sb.clock.now() + 60_000,
	});
	expect(third).toMatchObject({ description: 'rotation 2027' });
	expect(new Set([second.value, third.value, sb.credentials.clientSecret]).size).toBe(3);
	expect((await cc(third.value)).status).toBe(200);
	await sb.control.advanceClock(61_000);
	expect(aadCode(await cc(third.value))).toBe(7000222);
	expect((await cc(second.value)).status).toBe(200);
	await expect(sb.control.addSecret('00000000-0000-4000-8000-000000000000')).rejects.toMatchObject({
		status: 404,
	});
	await sb.control.reset();
	expect(aadCode(await cc(second.value))).toBe(7000215);
	expect((await cc(sb.credentials.clientSecret)).status).toBe(200);
});
