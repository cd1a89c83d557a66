/**
 * Shared set-up of the trigger's contract, chaos and bench runs: the sandbox, both credentials as
 * n8n stores them, and `poll()` — the trigger's poll through n8n-core's PollContext (test/harness),
 * with the trigger's clock tied to the sandbox clock so tests move time instead of waiting.
 */
import type {
	IDataObject,
	INodeExecutionData,
	INodeParameters,
	IPollFunctions,
} from 'n8n-workflow';

import { DefenderAlertTrigger } from '../../nodes/DefenderAlertTrigger/DefenderAlertTrigger.node';
import { CURSOR_KEY, pollAlerts } from '../../nodes/DefenderAlertTrigger/poll';
import type { PollOverrides } from '../../nodes/DefenderAlertTrigger/poll';
import type { DefenderAlert } from '../../nodes/shared/alerts/types';
import type { TransportTuning } from '../../nodes/shared/transport';
import { generateAlerts } from '../sandbox/defender/generator';
import { formatApiTime } from '../sandbox/defender/time';
import { pollNode } from '../harness';
import type { HarnessCredentials, PollNodeResult } from '../harness';
import type { Sandbox } from '../sandbox/server';

import { credentialTypes, resetTransport } from '../support/fixtures';

export {
	credentialTypes,
	oauthCredentials,
	resetTransport,
	sandboxAppCredentials,
	startEnv,
	stopEnv,
} from '../support/fixtures';
export type { Env } from '../support/fixtures';

/**
 * Small backoffs so that faults cost milliseconds; budgets wide because the sandbox clock jumps;
 * a generous per-attempt timeout because a loaded machine can take seconds per TLS handshake.
 */
export const FAST: TransportTuning = {
	retry: {
		maxRetries: 2,
		baseDelayMs: 5,
		maxDelayMs: 20,
		timeoutMs: 15_000,
		maxThrottleRetries: 2,
		maxRetryWaitSeconds: 5,
	},
	budget: { limit: 100_000, windowMs: 1000 },
};

let overrides: PollOverrides = {};

/** The shipped node, with test-only clock/tuning handed to the same poll code. */
class TunedTrigger extends DefenderAlertTrigger {
	async poll(this: IPollFunctions): Promise<INodeExecutionData[][] | null> {
		return await pollAlerts.call(this, overrides);
	}
}

/** The node as the poll host model runs it (the same overrides as `poll`). */
export function tunedTrigger(): DefenderAlertTrigger {
	return new TunedTrigger();
}

export function configurePoll(
	sb: Sandbox,
	extra: Omit<PollOverrides, 'now'> = { tuning: FAST },
): void {
	overrides = { now: () => sb.clock.now(), ...extra };
}

/** The trigger's clock `offsetMs` off the sandbox (Defender) clock: a skewed n8n host. */
export function skewPollClock(sb: Sandbox, offsetMs: number): void {
	overrides = { ...overrides, now: () => sb.clock.now() + offsetMs };
}

/**
 * A test's fresh start on a shared sandbox: no cached tokens or budgets, the trigger's clock on
 * the sandbox's, no faults or latency, and `advanceMs` of sandbox time past the previous test.
 */
export async function freshStart(sb: Sandbox, advanceMs: number): Promise<void> {
	resetTransport();
	configurePoll(sb);
	await sb.control.clearFaults();
	await sb.control.setLatency(null);
	sb.clock.advance(advanceMs);
}

export async function poll(
	parameters: INodeParameters,
	credentials: HarnessCredentials,
	staticData: IDataObject | undefined,
	mode: 'trigger' | 'manual' = 'trigger',
	host: { pollBudgetMs?: number; activation?: 'activate' | 'update' } = {},
): Promise<PollNodeResult> {
	return await pollNode({
		nodeType: new TunedTrigger(),
		credentialTypes,
		credentials,
		parameters,
		...(staticData ? { staticData } : {}),
		mode,
		...host,
	});
}

/** Items of a poll (empty for null); throws with n8n's error if the poll failed. */
export function itemsOf(r: PollNodeResult): IDataObject[] {
	if (r.error)
		throw new Error(
			`poll failed: ${r.error.message} ${(r.error as { description?: string }).description ?? ''}`,
		);
	return r.result ? r.result[0].map((i) => i.json) : [];
}

/** The trigger's cursor state inside n8n's workflow static data (key `node:<name>`). */
export function cursorOf(staticData: IDataObject): IDataObject | undefined {
	for (const value of Object.values(staticData)) {
		const v = value as IDataObject;
		if (v && typeof v === 'object' && CURSOR_KEY in v) return v[CURSOR_KEY] as IDataObject;
	}
	return undefined;
}

let counter = 0;

/** Realistic alerts (the sandbox generator) with ids and times of our choosing. */
export function makeAlerts(
	tenantId: string,
	count: number,
	atMs: number,
	opts: { prefix?: string; sameTime?: boolean; seed?: number } = {},
): DefenderAlert[] {
	const base = generateAlerts({
		seed: opts.seed ?? 7 + counter,
		count,
		tenantId,
		startTime: atMs - 1000,
		endTime: atMs,
	});
	return base.map((a, i) => {
		counter++;
		const t = formatApiTime({ ms: atMs, sub: opts.sameTime ? 0 : i % 10_000 });
		return {
			...a,
			id: `${opts.prefix ?? 'tr'}${counter}_${tenantId.slice(0, 8)}`,
			status: 'New',
			assignedTo: null,
			classification: null,
			determination: null,
			comments: [],
			alertCreationTime: t,
			lastUpdateTime: t,
		};
	});
}
