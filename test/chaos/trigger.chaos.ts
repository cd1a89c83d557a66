/**
 * Chaos run of the Defender Alert Trigger: many ticks of n8n's real scheduling (test/harness
 * PollScheduler, see host.ts) against the sandbox over 3 tenants while the sandbox creates and
 * updates alerts (some indexed late inside the overlap, some bursts on one timestamp) and faults
 * hit requests at random (429, 500, 503, resets, hangs → timeouts, malformed JSON, revoked
 * tokens). A scenario (scenarios.ts) adds overlapping ticks, the durable scheduler with a small
 * budget, secret rotation, clock skew, crashes between emit and save, other trigger settings and
 * server-driven paging. One seed → one reproducible sequence of events (the sandbox clock is
 * moved, never waited for; only latency and timeouts take real time).
 */
import { trustCa } from '../harness';
import { startSandbox } from '../sandbox/server';
import type { Sandbox } from '../sandbox/server';
import { sandboxAppCredentials, resetTransport } from '../trigger/support';
import { dice, tenantActivity } from './activity';
import type { StepCounts } from './activity';
import { ChaosHost } from './host';
import type { HostCounts } from './host';
import { knobsOf } from './scenarios';
import type { ChaosKnobs } from './scenarios';
import { GroundTruth } from './truth';
import type { Verdict } from './truth';

export interface ChaosOptions {
	seed: number;
	polls: number;
	/** A name from scenarios.ts (default 'baseline'). */
	scenario?: string;
	/** Progress lines (every `progressEvery` polls, default 250); default: none. */
	progressEvery?: number;
	progress?: (line: string) => void;
}

export interface ChaosResult extends Verdict {
	scenario: string;
	seed: number;
	polls: number;
	failedPolls: number;
	crashes: number;
	faults: number;
	/** What became of the ticks (emitted, empty, failed, abandoned, discarded, skipped, overlapped). */
	outcomes: Record<string, number>;
	/** What the run did to the trigger. */
	counts: HostCounts & StepCounts & { rotations: number };
	line: string;
}

/** Every alert is expected; only these make a run fail. */
export function failures(r: Verdict): number {
	return r.lost + r.duplicated + r.misattributed + r.spurious;
}

/**
 * Faults and latency off, time past everything pending, then quiet ticks until three in a row
 * emit nothing. A per-poll cap below the inflow leaves a backlog of up to one tick's worth per
 * tick of the run, hence the limit.
 */
async function drain(
	host: ChaosHost,
	knobs: ChaosKnobs,
	sb: Sandbox,
	polls: number,
): Promise<void> {
	await sb.control.clearFaults();
	await sb.control.setLatency(null);
	await host.scheduler.settle();
	// Past every late alert (3 min) and, with the trigger's clock behind, past the skew; after a
	// rotation also past every token fetched with an old secret, so only a re-read secret works.
	const tokens = knobs.rotateSecretEvery > 0 ? knobs.tokenLifetimeSec * 1000 : 0;
	sb.clock.advance(Math.max(4 * 60_000, tokens) + Math.max(0, -knobs.clockSkewMs));
	for (let i = 0, empty = 0; i < polls + 200 && empty < 3; i++) {
		sb.clock.advance(30_000);
		if (host.scheduler.crashed) await host.restart();
		empty = (await host.quietTick()) === 0 ? empty + 1 : 0;
	}
}

/** The trigger's warnings and errors since the last call, counted by their first line: what a
 * long run's progress line shows so that a tenant that keeps failing is seen when it starts. */
const reported = new WeakMap<ChaosHost, number>();
function triggerWarnings(host: ChaosHost): string {
	const logs = host.scheduler.logs;
	const from = reported.get(host) ?? 0;
	reported.set(host, logs.length);
	const counts = new Map<string, number>();
	for (const l of logs.slice(from)) {
		if (l.level !== 'warn' && l.level !== 'error') continue;
		const head = l.message.split('\n').slice(0, 2).join(' | ').slice(0, 220);
		counts.set(head, (counts.get(head) ?? 0) + 1);
	}
	return [...counts].map(([m, n]) => `\n  ${n}× ${m}`).join('');
}

export async function runTriggerChaos(options: ChaosOptions): Promise<ChaosResult> {
	const scenario = options.scenario ?? 'baseline';
	const knobs = knobsOf(scenario);
	const d = dice(options.seed);
	const sb = await startSandbox({ accessTokenLifetimeSec: knobs.tokenLifetimeSec });
	const untrust = trustCa(sb.caPem);
	let host: ChaosHost | undefined;
	try {
		resetTransport();
		if (knobs.serverPageSize > 0)
			await sb.control.setNextLinkMode('serverPaging', undefined, {
				pageSize: knobs.serverPageSize,
			});
		const tenants = [sb.tenants.fabrikam, sb.tenants.northwind, sb.tenants.tailspin].map(
			(t) => t.id,
		);
		const credentials = sandboxAppCredentials(
			sb,
			tenants.map((tenantId, i) => ({ tenantId, label: `T${i}` })),
		);
		const truth = new GroundTruth();
		const counts: StepCounts = { faults: 0, slow: 0 };
		host = new ChaosHost(sb, knobs, credentials);
		await host.scheduler.activation.done; // activation: every tenant's cursor starts now
		if (knobs.latencyMs > 0)
			await sb.control.setLatency({ latencyMs: knobs.latencyMs, pathPrefix: '/api/alerts' });
		let secret = sb.credentials.clientSecret;
		let rotations = 0;
		const started = Date.now();
		for (let i = 1; i <= options.polls; i++) {
			await tenantActivity(sb, d, truth, tenants, knobs, counts);
			if (knobs.rotateSecretEvery > 0 && i % knobs.rotateSecretEvery === 0) {
				// An admin rotates the secret: the credential gets the new one, the old one is revoked.
				const fresh = await sb.control.addSecret(sb.credentials.clientId, {
					description: `chaos ${i}`,
				});
				host.scheduler.credentials.patch('defenderMsspAppApi', { clientSecret: fresh.value });
				await sb.control.expireSecret(sb.credentials.clientId, secret);
				secret = fresh.value;
				rotations++;
			}
			await host.step(d, true);
			sb.clock.advance(d.int(10, 30) * 1000);
			if (options.progress && i % (options.progressEvery ?? 250) === 0) {
				const s = ((Date.now() - started) / 1000).toFixed(0);
				options.progress(
					`chaos: ${scenario} poll ${i}/${options.polls} alerts=${truth.size} ticks=${JSON.stringify(host.outcomes())} wall_s=${s}${triggerWarnings(host)}`,
				);
			}
		}
		await drain(host, knobs, sb, options.polls);
		const verdict = truth.judge(host.events(), {
			events: knobs.events,
			updateMode: knobs.updateMode,
			overlapMs: 5 * 60_000,
		});
		const outcomes = host.outcomes();
		const { crashes, crashSaves, restarts, overlaps } = host.counts;
		const line =
			`chaos: scenario=${scenario} seed=${options.seed} polls=${options.polls} created=${verdict.created} updated=${verdict.updated} ` +
			`lost=${verdict.lost} duplicated=${verdict.duplicated} misattributed=${verdict.misattributed} spurious=${verdict.spurious} ` +
			`redelivered=${verdict.redelivered} forgotten=${verdict.forgotten}`;
		const detail = ` | ticks=${JSON.stringify(outcomes)} crashes=${crashes} crash_saves=${crashSaves} restarts=${restarts} overlaps=${overlaps} rotations=${rotations} faults=${counts.faults} slow=${counts.slow}`;
		return {
			...verdict,
			scenario,
			seed: options.seed,
			polls: options.polls,
			failedPolls: outcomes.failed ?? 0,
			crashes: crashes + crashSaves,
			faults: counts.faults,
			outcomes,
			counts: { ...host.counts, ...counts, rotations },
			line: line + detail,
		};
	} finally {
		await host?.scheduler.stop();
		untrust();
		await sb.stop();
	}
}
