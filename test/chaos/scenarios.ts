/**
 * What a chaos run puts the trigger through, besides the alerts and request faults every run has.
 * Each scenario is a set of these knobs; `npm run test:chaos` runs all of them by default, the
 * suite runs them in short form.
 */
import type { AlertEventType, UpdateMode } from '../../nodes/shared/alerts/cursor';

export interface ChaosKnobs {
	/** How n8n schedules the polls (test/harness PollScheduler). */
	host: 'legacy' | 'durable';
	/** Share of ticks followed by another tick while the first is still in flight. */
	overlap: number;
	/** Standing latency on every alert list request (real ms), so polls stay in flight. */
	latencyMs: number;
	/** Share of polls whose tenant gets a few slow (but successful) answers. */
	slowShare: number;
	slowLatencyMs: number;
	/** durable: N8N_SCHEDULER_POLL_TIMEOUT (real ms); the budget is derived as n8n does. */
	pollTimeoutMs: number;
	/** Every this many polls the app's client secret is rotated (new one in the credential, old one expired); 0 = never. */
	rotateSecretEvery: number;
	/** The trigger's clock minus the sandbox's (Defender's): positive = trigger ahead. */
	clockSkewMs: number;
	/** Share of ticks after which n8n dies between handing the items over and saving static data. */
	crashBetweenEmitAndSave: number;
	/** Share of ticks cut by a crash while the poll is in flight, and of restarts between polls. */
	crashMidPoll: number;
	restartBetween: number;
	events: AlertEventType[];
	updateMode: UpdateMode;
	maxEventsPerPoll: number;
	memoryMaxAlerts: number;
	/** Server-driven paging: pages capped at this size with a $skiptoken nextLink; 0 = off. */
	serverPageSize: number;
	/** Access token lifetime (sandbox seconds): how long a token outlives a rotated secret. */
	tokenLifetimeSec: number;
}

export const BASELINE: ChaosKnobs = {
	host: 'legacy',
	overlap: 0,
	latencyMs: 0,
	slowShare: 0,
	slowLatencyMs: 0,
	pollTimeoutMs: 45_000,
	rotateSecretEvery: 0,
	clockSkewMs: 0,
	crashBetweenEmitAndSave: 0,
	crashMidPoll: 0.03,
	restartBetween: 0.02,
	events: ['created', 'updated'],
	updateMode: 'any',
	maxEventsPerPoll: 0,
	memoryMaxAlerts: 1000,
	serverPageSize: 0,
	tokenLifetimeSec: 3599,
};

const MINUTE = 60_000;

export const SCENARIOS: Record<string, Partial<ChaosKnobs>> = {
	/** The original run: faults, late indexing, bursts, crashes mid-poll, restarts. */
	baseline: {},
	/** A new tick while a poll is in flight, on the activation's one context. */
	overlap: { overlap: 0.35, latencyMs: 120 },
	/** Durable scheduler, 4 s poll timeout (budget 2 s), slow answers that outlast it. */
	durable: { host: 'durable', pollTimeoutMs: 4_000, slowShare: 0.15, slowLatencyMs: 1_800 },
	/**
	 * The secret is rotated and the old one expired while the activation's context lives on (no
	 * restarts: one would read the credential anew and hide a context that never does).
	 */
	rotation: { rotateSecretEvery: 15, tokenLifetimeSec: 900, crashMidPoll: 0, restartBetween: 0 },
	/** n8n's clock 7 minutes off Defender's, beyond the 5-minute overlap. */
	skewAhead: { clockSkewMs: 7 * MINUTE },
	skewBehind: { clockSkewMs: -7 * MINUTE },
	/** n8n dies after starting the execution, before the static data save lands. */
	crashSave: { crashBetweenEmitAndSave: 0.05 },
	/** New alerts only, a backlog under a per-poll cap, a small memory (pruning). */
	newOnly: { events: ['created'], maxEventsPerPoll: 1, memoryMaxAlerts: 10 },
	significant: {
		updateMode: 'statusClassificationAssignment',
		maxEventsPerPoll: 3,
		memoryMaxAlerts: 15,
	},
	serverPaging: { serverPageSize: 7 },
};

export function knobsOf(scenario: string): ChaosKnobs {
	const patch = SCENARIOS[scenario];
	if (!patch)
		throw new Error(
			`unknown chaos scenario '${scenario}' (one of ${Object.keys(SCENARIOS).join(', ')})`,
		);
	return { ...BASELINE, ...patch };
}
