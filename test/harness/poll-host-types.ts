/**
 * Types of the poll host model (poll-scheduler.ts): what a test sees of each tick n8n 2.41.1 would
 * run, and of each batch of items it would hand to an execution.
 */
import type { IDataObject, INodeExecutionData } from 'n8n-workflow';

import type { NodeSetupOptions } from './workflow-setup';

/**
 * - `legacy`: n8n's default in-memory scheduler (n8n-core active-workflow-triggers.js): one poll
 *   context per activation, cron ticks that never wait for the previous poll, static data shared
 *   in memory and saved only when a poll emits.
 * - `durable`: N8N_SCHEDULER_ENABLED + N8N_SCHEDULER_POLL_TRIGGERS_ENABLED +
 *   N8N_POLLER_DURABLE_CURSORS_ENABLED (n8n poll-trigger-task-handler.js): a fresh workflow and
 *   context per task, the node's static data a per-poll snapshot of the stored cursor, committed
 *   with the execution (or alone on a null poll), and a poll timeout that abandons the poll.
 */
export type PollHostMode = 'legacy' | 'durable';

export interface PollSchedulerOptions extends Omit<NodeSetupOptions, 'credentialStore'> {
	mode: PollHostMode;
	/** durable: N8N_SCHEDULER_POLL_TIMEOUT in ms (n8n's default 45 s). */
	pollTimeoutMs?: number;
	/** durable: N8N_SCHEDULER_LEASE_DURATION in ms (n8n's default 60 s); also fences commits. */
	leaseMs?: number;
	/** `getActivationMode()` of the first activation (default 'activate'; restarts are 'init'). */
	activation?: 'activate' | 'create' | 'update' | 'init';
	/**
	 * Called by `restart()` between the old process's end and the new one's start: reset what the
	 * node keeps in module state (token caches, locks), which a new process would not have.
	 */
	onRestart?: () => void;
}

export interface TickOptions {
	/**
	 * The n8n process dies right after the poll's result is handed over. legacy: the items reach
	 * their execution but the static data save (fire and forget) never lands. durable: the
	 * execution and its cursor are one transaction, so neither happens. Either way the host is down
	 * until `restart()`.
	 */
	crashBetweenEmitAndSave?: boolean;
}

export type TickOutcome =
	/** `saved`: legacy — static data written; durable — the cursor committed with the execution. */
	| { status: 'emitted'; items: number; saved: boolean }
	/** `saved`: durable — the changed snapshot committed cursor-only; legacy — always false. */
	| { status: 'empty'; saved: boolean }
	/** The poll threw: routed to `__emitError` (scheduled) or failed the activation. */
	| { status: 'failed'; error: Error }
	/** durable: the poll outlived the poll timeout; n8n stopped waiting (the poll runs on). */
	| { status: 'abandoned' }
	/** The result came after a restart or crash superseded its host: n8n threw it away. */
	| { status: 'discarded' }
	/** No poll ran: the activation that registers the schedule had not finished. */
	| { status: 'skipped' };

export interface PollTick {
	/** 0, 1, 2, … in the order ticks started, activation polls included. */
	index: number;
	kind: 'activation' | 'scheduled';
	/** The host generation that ran it; `restart()` and a crash start a new one. */
	generation: number;
	/** What the poll context answers to `getPollBudgetMs()`. */
	budgetMs: number;
	options: TickOptions;
	/** n8n-core's own TriggersAndPollers saw another poll of this node in flight at the start. */
	overlapped?: boolean;
	/** Set when `done` settles. */
	outcome?: TickOutcome;
	/** Settles when n8n is done with the tick; an abandoned poll may still run (`settle()`). */
	done: Promise<TickOutcome>;
	/** Settles when the poll itself has finished (later than `done` for an abandoned poll). */
	finished: Promise<void>;
}

/** One execution's input as n8n would start it: the poll's result and the tick that produced it. */
export interface EmittedBatch {
	tick: number;
	generation: number;
	data: INodeExecutionData[][];
	/** See TickOutcome 'emitted'. */
	saved: boolean;
}

/** An error n8n routed to the error workflow (`__emitError`) for a scheduled poll. */
export interface PollError {
	tick: number;
	error: Error;
}

/** What the model keeps where n8n keeps it (deep copies). */
export interface PollHostStorage {
	/** The workflow row's static data (`{ 'node:<name>': … }`) as last saved. */
	workflowStaticData: IDataObject;
	/** durable: the `poller_state` cursor row (the node's static data); undefined before any. */
	cursor?: IDataObject;
}
