/**
 * `npm run bench:trigger`: one Defender Alert Trigger poll over 200 customer tenants with 10 new
 * alerts each, against the sandbox with its real rate limits (100 calls/min and 1,500/h per tenant)
 * and the transport's production retry/budget settings. Prints wall time, API and token calls,
 * 429s served (must be 0) and the static data size, ending with one `bench:` line.
 */
import type { IDataObject, INodeParameters } from 'n8n-workflow';

import { appCredentials, configurePoll, makeAlerts, poll, resetTransport, startEnv, stopEnv } from '../trigger/support';

const TENANTS = 200;
const ALERTS_PER_TENANT = 10;

function sumCalls(api: Record<string, Record<string, { calls: number; throttled: number }>>) {
	let calls = 0;
	let throttled = 0;
	for (const families of Object.values(api)) {
		for (const c of Object.values(families)) {
			calls += c.calls;
			throttled += c.throttled;
		}
	}
	return { calls, throttled };
}

async function main(): Promise<void> {
	const env = await startEnv();
	try {
		const { sb } = env;
		await sb.control.reset();
		const tenants: string[] = [];
		for (let i = 1; i <= TENANTS; i++) {
			const t = await sb.control.addTenant({ name: `benchcustomer${String(i).padStart(3, '0')}` });
			tenants.push(t.id);
		}
		resetTransport();
		configurePoll(sb, {}); // production tuning; only the trigger's clock follows the sandbox
		const credentials = appCredentials(sb, tenants.map((tenantId, i) => ({ tenantId, label: `Customer ${i + 1}` })));
		const params: INodeParameters = {
			authentication: 'defenderMsspAppApi',
			tenantScope: 'all',
			events: ['created', 'updated'],
			output: 'simplified',
			options: { tenantConcurrency: 10 },
		};
		let started = Date.now();
		const activation = await poll(params, credentials, undefined);
		if (activation.error) throw activation.error;
		const activationS = (Date.now() - started) / 1000;
		const tokensAtActivation = await sb.control.counters();

		sb.clock.advance(1000);
		for (const tenantId of tenants) {
			await sb.control.insertAlerts(tenantId, makeAlerts(tenantId, ALERTS_PER_TENANT, sb.clock.now(), { prefix: 'b' }));
		}
		sb.clock.advance(1000);
		await sb.control.resetCounters();
		started = Date.now();
		const r = await poll(params, credentials, activation.staticData as IDataObject);
		const wallS = (Date.now() - started) / 1000;
		if (r.error) throw r.error;
		const counters = await sb.control.counters();
		const { calls, throttled } = sumCalls(counters.api);
		const tokenCalls = Object.values(counters.tokens).reduce((n, t) => n + t.issued + t.failed, 0);
		const items = r.result ? r.result[0].length : 0;
		const staticBytes = Buffer.byteLength(JSON.stringify(r.staticData));
		console.error(
			`activation poll: ${activationS.toFixed(1)} s, ${sumCalls(tokensAtActivation.api).calls} API calls, ` +
				`${Object.values(tokensAtActivation.tokens).reduce((n, t) => n + t.issued, 0)} tokens issued`,
		);
		console.error(`poll with new alerts: items=${items} (expected ${TENANTS * ALERTS_PER_TENANT}) token_calls=${tokenCalls}`);
		if (items !== TENANTS * ALERTS_PER_TENANT) process.exitCode = 1;
		if (throttled !== 0 || counters.throttledTotal !== 0) process.exitCode = 1;
		console.log(
			`bench: trigger tenants=${TENANTS} wall_s=${wallS.toFixed(1)} calls=${calls} throttled=${counters.throttledTotal} static_bytes=${staticBytes}`,
		);
	} finally {
		await stopEnv(env);
	}
}

main().catch((error) => {
	console.error(error);
	process.exitCode = 2;
});
