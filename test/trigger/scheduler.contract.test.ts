/**
 * The Alert Trigger driven the way n8n 2.41.1 drives it (test/harness/poll-scheduler.ts): ticks
 * that overlap on one reused context and one static data object, a credential rotated on that
 * same context, and the durable scheduler, whose activation poll keeps nothing when it finds
 * nothing. Each case failed on the trigger before cc3fcf6.
 */
import type { INodeParameters } from 'n8n-workflow';

import { startPollScheduler } from '../harness/poll-scheduler';
import type { PollScheduler } from '../harness/poll-scheduler';
import { clearTokenCache } from '../../nodes/shared/transport/tokenCache';
import {
	sandboxAppCredentials,
	credentialTypes,
	freshStart,
	makeAlerts,
	startEnv,
	stopEnv,
	tunedTrigger,
} from './support';
import type { Env } from './support';

jest.setTimeout(240_000);

let env: Env;
let host: PollScheduler | undefined;
const MIN = 60_000;

beforeAll(async () => {
	env = await startEnv();
});
afterAll(async () => stopEnv(env));
beforeEach(async () => freshStart(env.sb, 30 * MIN));
afterEach(async () => {
	await env.sb.control.setLatency(null);
	await host?.stop();
	host = undefined;
});

const params: INodeParameters = {
	authentication: 'defenderMsspAppApi',
	tenantScope: 'all',
	events: ['created', 'updated'],
	output: 'raw',
};

/** The trigger activated on one tenant in the modelled n8n. */
async function activate(
	mode: 'legacy' | 'durable',
	tenantId: string,
	credentials = sandboxAppCredentials(env.sb, [{ tenantId }]),
	parameters: INodeParameters = params,
) {
	host = await startPollScheduler({
		mode,
		nodeType: tunedTrigger(),
		credentialTypes,
		credentials,
		parameters,
	});
	return host;
}

function emittedIds(h: PollScheduler): string[] {
	return h.emitted.flatMap((b) => b.data[0].map((i) => String(i.json.id)));
}

async function insert(tenantId: string, count: number) {
	const alerts = makeAlerts(tenantId, count, env.sb.clock.now());
	await env.sb.control.insertAlerts(tenantId, alerts);
	return alerts;
}

test('legacy: a tick while the previous poll still runs emits nothing twice', async () => {
	const fab = env.sb.tenants.fabrikam.id;
	host = await activate('legacy', fab);
	env.sb.clock.advance(1000);
	const alerts = await insert(fab, 5);
	env.sb.clock.advance(1000);
	await env.sb.control.setLatency({ latencyMs: 1500, pathPrefix: '/api/alerts' });
	const first = host.tick();
	await new Promise((resolve) => setTimeout(resolve, 300));
	const second = host.tick(); // n8n's next cron tick does not wait for the first poll
	await host.settle();
	expect(second.overlapped ?? true).toBe(true);
	expect((await first.done).status).toBe('emitted');
	expect((await second.done).status).toBe('empty');
	expect(emittedIds(host).sort()).toEqual(alerts.map((a) => a.id).sort());
});

test('legacy: a client secret rotated on the credential takes effect at the next poll, without re-publishing', async () => {
	const fab = env.sb.tenants.fabrikam.id;
	const { clientId } = env.sb.credentials;
	// Secrets of their own, so that the sandbox's default secret stays valid for the other tests.
	const old = await env.sb.control.addSecret(clientId);
	const credentials = sandboxAppCredentials(env.sb, [{ tenantId: fab }]);
	credentials.defenderMsspAppApi.data.clientSecret = old.value;
	host = await activate('legacy', fab, credentials);
	const fresh = await env.sb.control.addSecret(clientId);
	host.credentials.patch('defenderMsspAppApi', { clientSecret: fresh.value });
	await env.sb.control.expireSecret(clientId, old.value);
	clearTokenCache(); // the old secret's token has expired too
	env.sb.clock.advance(1000);
	const alerts = await insert(fab, 2);
	env.sb.clock.advance(1000);
	const tick = host.tick();
	expect((await tick.done).status).toBe('emitted');
	expect(emittedIds(host).sort()).toEqual(alerts.map((a) => a.id).sort());
});

test('durable: alerts created between an empty activation poll and the first scheduled poll are emitted', async () => {
	const fab = env.sb.tenants.fabrikam.id;
	host = await activate('durable', fab);
	const activation = await host.activation.done;
	expect(activation.status === 'failed' ? activation.error.message : activation.status).toBe(
		'empty',
	);
	env.sb.clock.advance(20_000);
	const alerts = await insert(fab, 3);
	env.sb.clock.advance(20_000);
	const tick = host.tick();
	expect((await tick.done).status).toBe('emitted');
	env.sb.clock.advance(MIN);
	expect((await host.tick().done).status).toBe('empty');
	expect(emittedIds(host).sort()).toEqual(alerts.map((a) => a.id).sort());
});

test('durable: the first scheduled polls fail, then recover: the alerts since activation still come', async () => {
	const fab = env.sb.tenants.fabrikam.id;
	host = await activate('durable', fab, undefined, { ...params, events: ['created'] });
	expect((await host.activation.done).status).toBe('empty');
	env.sb.clock.advance(20_000);
	const alerts = await insert(fab, 3);
	await env.sb.control.addFault({
		kind: '503',
		count: 1000,
		pathPrefix: '/api/alerts',
		tenantId: fab,
	});
	for (let i = 0; i < 2; i++) {
		env.sb.clock.advance(MIN);
		await host.tick().done; // every tenant failed: logged, the starting point committed
	}
	await env.sb.control.clearFaults();
	for (let i = 0; i < 2; i++) {
		env.sb.clock.advance(MIN);
		await host.tick().done;
	}
	expect(emittedIds(host).sort()).toEqual(alerts.map((a) => a.id).sort());
	// Once the state exists, a poll where every tenant fails is an error again.
	await env.sb.control.addFault({
		kind: '503',
		count: 1000,
		pathPrefix: '/api/alerts',
		tenantId: fab,
	});
	env.sb.clock.advance(MIN);
	expect((await host.tick().done).status).toBe('failed');
	await env.sb.control.clearFaults();
});

test('durable, Poll Times every hour: alerts between activation and the first scheduled poll an hour later', async () => {
	const fab = env.sb.tenants.fabrikam.id;
	host = await activate('durable', fab, undefined, {
		...params,
		pollTimes: { item: [{ mode: 'everyHour', minute: 0 }] },
	});
	expect((await host.activation.done).status).toBe('empty');
	env.sb.clock.advance(5 * MIN);
	const alerts = await insert(fab, 3);
	env.sb.clock.advance(50 * MIN);
	expect((await host.tick().done).status).toBe('emitted');
	expect(emittedIds(host).sort()).toEqual(alerts.map((a) => a.id).sort());
});
