/**
 * Scenario 3 of `npm run bench`: the Alert Trigger activated in the real n8n over 200 tenants.
 * After the activation poll (cursors start "now") and one scheduled poll (which tells when the
 * next one comes, a minute later), 10 new alerts are inserted in every tenant and the next poll
 * is measured: from its first API request to the start of the execution it emitted, with the
 * API calls, token calls and 429s it caused and the static data n8n then stores. The static data
 * after 1,000 polls comes from simulating them with the node's own cursor functions.
 */
import { generateAlerts } from '../../sandbox/defender/generator';
import { emittedBy, waitForActivationPoll, waitUntil } from '../../e2e/executions';
import type { BenchWorld } from './benchHost';
import { simulateStaticData } from './staticData';
import { FANOUT_CONCURRENCY, TRIGGER_NODE, triggerWorkflow } from './workflows';
import { fixed } from '../support';

export interface TriggerFigures {
	tenants: number;
	newPerTenant: number;
	wallS: number;
	calls: number;
	tokens: number;
	throttled: number;
	emitted: number;
	staticBytes: number;
	simulated: Array<{ poll: number; bytes: number }>;
	bounded: boolean;
}

const note = (line: string) => process.stderr.write(`[bench] ${line}\n`);
const POLLS = 1000;

export async function triggerScenario(
	w: BenchWorld,
	newPerTenant: number,
): Promise<TriggerFigures> {
	const id = triggerWorkflow().id;
	const tenants = w.fanoutTenants;
	const alertRequests = async (sinceMs: number) =>
		(await w.control.requests(5000)).filter(
			(r) =>
				r.method === 'GET' && r.path.startsWith('/api/alerts') && Date.parse(r.time) >= sinceMs,
		);
	const pollOfAll = (sinceMs: number, what: string) =>
		waitUntil(
			what,
			() => alertRequests(sinceMs),
			(rs) => new Set(rs.map((r) => r.tenantId)).size >= tenants.length,
			180_000,
		);

	note('trigger: activating (the activation poll starts every cursor at "now")…');
	const activatedAt = (await w.control.clock()).now;
	await w.host.activateWorkflow(id);
	await waitForActivationPoll(w, tenants.length, activatedAt, 300_000);
	note('trigger: waiting for the first scheduled poll (polls run once a minute)…');
	const scheduled = await pollOfAll((await w.control.clock()).now, 'the first scheduled poll');
	const nextPollAt = Math.min(...scheduled.map((r) => Date.parse(r.time))) + 60_000;
	await new Promise((r) => setTimeout(r, 3000));

	const insertedFrom = (await w.control.clock()).now;
	for (const [i, tenantId] of tenants.entries()) {
		const alerts = generateAlerts({
			seed: 5000 + i,
			count: newPerTenant,
			tenantId,
			startTime: insertedFrom - 2000,
			endTime: insertedFrom - 1000,
		});
		await w.control.insertAlerts(
			tenantId,
			alerts.map((a, k) => ({ ...a, id: `bench-new-${i}-${k}` })),
		);
	}
	const insertedAt = (await w.control.clock()).now;
	if (insertedAt > nextPollAt - 1000) {
		throw new Error(
			`inserting the new alerts took until ${new Date(insertedAt).toISOString()}, past the next poll: the measured poll would see only some of them; run again on a quieter machine`,
		);
	}
	note(
		`trigger: ${newPerTenant} new alerts in each tenant; the next poll is due at ${new Date(nextPollAt).toISOString()}…`,
	);
	const polled = await pollOfAll(insertedAt, 'the measured poll');
	const execution = await waitUntil(
		'the execution of the measured poll',
		async () =>
			(await w.host.executions(id)).find((e) => Date.parse(String(e.startedAt)) >= insertedAt),
		(e) => e !== undefined,
		180_000,
	);
	// What the measured poll asked for, from the sandbox's log (counters would also catch the next
	// poll if it starts before the execution is found): requests up to the execution's start.
	const executionStart = Date.parse(String(execution?.startedAt));
	const during = (await w.control.requests(5000)).filter((r) => {
		const t = Date.parse(r.time);
		return t >= insertedAt && t <= executionStart;
	});
	const emitted = (await emittedBy(w.host, id, TRIGGER_NODE)).filter(
		(i) => i.executionId === String(execution?.id),
	).length;
	const firstRequest = Math.min(...polled.map((r) => Date.parse(r.time)));
	const wf = await w.host.api<{ staticData?: unknown }>(`/workflows/${id}`);
	if (!wf.staticData)
		throw new Error('n8n returned no static data for the trigger workflow after its poll');

	note(`trigger: simulating ${POLLS} polls of the same load with the node's cursor functions…`);
	const checkpoints = [1, 10, 100, 500, POLLS];
	const simulated = simulateStaticData(tenants.length, newPerTenant, POLLS, checkpoints);
	const at = (poll: number) => simulated.find((s) => s.poll === poll)?.bytes ?? NaN;
	return {
		tenants: tenants.length,
		newPerTenant,
		wallS: (executionStart - firstRequest) / 1000,
		calls: during.filter((r) => r.path.startsWith('/api/') && r.status !== 429).length,
		tokens: during.filter((r) => r.path.includes('/oauth2/')).length,
		throttled: during.filter((r) => r.status === 429).length,
		emitted,
		staticBytes: Buffer.byteLength(JSON.stringify(wf.staticData)),
		simulated,
		// Bounded: no growth between poll 500 and poll 1,000 beyond 1% (ids and times vary in length).
		bounded: at(POLLS) <= at(500) * 1.01,
	};
}

export function printTrigger(f: TriggerFigures, log: (line: string) => void): string {
	const expected = f.tenants * f.newPerTenant;
	log(
		`Trigger: one poll in n8n of ${f.tenants} tenants with ${f.newPerTenant} new alerts each (Tenant Concurrency ${FANOUT_CONCURRENCY})`,
	);
	log(
		`  ${fixed(f.wallS, 1)} s from the poll's first request to its execution; ${f.calls} API calls, ${f.tokens} token calls, ` +
			`429s ${f.throttled}; emitted ${f.emitted} of ${expected}; static data ${f.staticBytes} B`,
	);
	log(
		`  static data after simulated polls: ${f.simulated.map((s) => `${s.poll}: ${fixed(s.bytes / 1e3, 0)} KB`).join(', ')} ` +
			`(${f.bounded ? 'bounded' : 'STILL GROWING'})`,
	);
	return (
		`bench: trigger tenants=${f.tenants} wall_s=${fixed(f.wallS, 1)} calls=${f.calls} token_calls=${f.tokens} ` +
		`throttled=${f.throttled} emitted=${f.emitted} expected=${expected} static_bytes=${f.staticBytes} ` +
		`static_bytes_${POLLS}_polls=${f.simulated[f.simulated.length - 1].bytes} bounded=${f.bounded ? 'yes' : 'no'}`
	);
}
