/**
 * A model of how n8n 2.41.1 schedules a polling trigger, so that a test shares n8n's behaviour
 * rather than the node's assumptions: `pollNode` builds a new context per poll and awaits each
 * poll, which n8n never does.
 *
 *   const host = await startPollScheduler({ mode: 'legacy', nodeType, parameters, credentials });
 *   const a = host.tick();            // starts a poll, does not wait for it
 *   const b = host.tick();            // overlaps `a` on the same context and static data
 *   await host.settle();              // every poll finished (abandoned ones too)
 *   host.emitted                      // [{ tick, generation, data, saved }]
 *   host.credentials.patch('myApi', { clientSecret: 'rotated' });
 *   await host.restart();             // new process: from the stored row, activation poll
 *
 * legacy / durable: see poll-host-types.ts `PollHostMode` and the two host files for what each
 * follows in n8n's code. Every poll runs through n8n-core's PollContext (constructed with the
 * server's callbacks) and TriggersAndPollers.runPollFunction; legacy and activation polls through
 * n8n-core's PollTriggerExecutor itself.
 */
import type { PollContext } from 'n8n-core';
import type { IDataObject } from 'n8n-workflow';
import { deepCopy } from 'n8n-workflow';

import type { CredentialStore } from './credential-store';
import type { CapturedLog } from './log-capture';
import { HostCore } from './poll-host-core';
import { DurableHost } from './poll-host-durable';
import { LegacyHost } from './poll-host-legacy';
import type {
	EmittedBatch,
	PollError,
	PollHostMode,
	PollHostStorage,
	PollSchedulerOptions,
	PollTick,
	TickOptions,
} from './poll-host-types';
import { NODE_UNDER_TEST } from './workflow-setup';

/** n8n's defaults: N8N_SCHEDULER_POLL_TIMEOUT 45 s, N8N_SCHEDULER_LEASE_DURATION 60 s. */
export const DEFAULT_POLL_TIMEOUT_MS = 45_000;
export const DEFAULT_LEASE_MS = 60_000;

export class PollScheduler {
	readonly mode: PollHostMode;
	readonly activation: PollTick;
	private readonly core: HostCore;
	private readonly legacy?: LegacyHost;
	private readonly durable?: DurableHost;
	private readonly onRestart?: () => void;

	constructor(options: PollSchedulerOptions) {
		this.mode = options.mode;
		this.onRestart = options.onRestart;
		this.core = new HostCore(options);
		const activation = options.activation ?? 'activate';
		if (options.mode === 'legacy') this.legacy = new LegacyHost(this.core, activation);
		else {
			this.durable = new DurableHost(
				this.core,
				activation,
				options.pollTimeoutMs ?? DEFAULT_POLL_TIMEOUT_MS,
				options.leaseMs ?? DEFAULT_LEASE_MS,
			);
		}
		this.activation = this.legacy
			? this.legacy.activate()
			: (this.durable as DurableHost).activate();
	}

	/**
	 * One cron tick (legacy) or scheduled task (durable), started now and not awaited: call it
	 * again before `done` to overlap polls as n8n does. After a failed activation the tick is
	 * n8n's queued re-activation instead (a new context and an activation poll).
	 */
	tick(options: TickOptions = {}): PollTick {
		if (this.core.down) {
			throw new Error(
				'The modelled n8n process crashed (crashBetweenEmitAndSave); call restart() before the next tick.',
			);
		}
		return this.legacy ? this.legacy.tick(options) : (this.durable as DurableHost).tick(options);
	}

	/**
	 * The n8n process restarts: whatever was in flight belongs to the dead process — its results
	 * are discarded and nothing of it is saved (the model waits for those polls to end, since they
	 * cannot be killed, then calls `onRestart` so the test can reset the node's in-process state as
	 * a new process would have it). legacy: a new activation from the stored static data, with its
	 * activation poll ('init'). durable: the job survives, so no activation poll (undefined) unless
	 * a failed activation had removed it. Resolves once the new process is up.
	 */
	async restart(): Promise<PollTick | undefined> {
		this.core.generation++;
		await this.core.settle();
		this.core.down = false;
		this.onRestart?.();
		const tick = this.legacy
			? this.legacy.activate('init')
			: (this.durable as DurableHost).restart();
		await tick?.done;
		return tick;
	}

	/** The process died (crashBetweenEmitAndSave) and waits for `restart()`. */
	get crashed(): boolean {
		return this.core.down;
	}

	/** Waits until every poll started so far has finished, abandoned ones included. */
	async settle(): Promise<void> {
		await this.core.settle();
	}

	/** Deactivation: waits for the polls in flight, then stops listening to n8n-core. */
	async stop(): Promise<void> {
		this.core.generation++;
		await this.core.settle();
		this.core.dispose();
	}

	/** n8n's credentials table: `credentials.patch(type, fields)` edits a credential between ticks. */
	get credentials(): CredentialStore {
		return this.core.store;
	}

	get ticks(): readonly PollTick[] {
		return this.core.ticks;
	}

	/** Every batch of items an execution was started with, in order, with the tick behind it. */
	get emitted(): readonly EmittedBatch[] {
		return this.core.emitted;
	}

	/** Errors of scheduled polls that n8n routed to the error workflow. */
	get errors(): readonly PollError[] {
		return this.core.errors;
	}

	/** What is stored: the workflow row's static data and (durable) the cursor row. Copies. */
	get storage(): PollHostStorage {
		return deepCopy(this.core.storage);
	}

	/**
	 * The node's static data as the next poll will read it: legacy — the live in-memory object of
	 * the current activation; durable — the committed cursor. A copy.
	 */
	nodeStaticData(): IDataObject | undefined {
		if (this.durable) return this.core.storage.cursor && deepCopy(this.core.storage.cursor);
		return this.legacy?.nodeStaticData(NODE_UNDER_TEST);
	}

	/** legacy: the context every tick of the current activation shares. */
	get legacyContext(): PollContext | undefined {
		return this.legacy?.context;
	}

	/** Every line n8n-core and the node logged so far. */
	get logs(): readonly CapturedLog[] {
		this.core.keepLogs();
		return this.core.logs;
	}
}

/** Creates the host and waits for its activation poll (check `activation.outcome`). */
export async function startPollScheduler(options: PollSchedulerOptions): Promise<PollScheduler> {
	const scheduler = new PollScheduler(options);
	await scheduler.activation.done;
	return scheduler;
}
