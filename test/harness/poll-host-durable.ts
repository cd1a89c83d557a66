/**
 * n8n 2.41.1's durable poll scheduling (N8N_SCHEDULER_* + N8N_POLLER_DURABLE_CURSORS_ENABLED):
 * - each scheduled task (n8n poll-trigger-task-handler.js:54-185) builds a fresh Workflow and
 *   context (`createPollExecutionContext`, trigger-execution-context.factory.js:272-291, activation
 *   mode 'update') with the cursor row read at the task's start, races the poll against the poll
 *   timeout and, on timeout, returns without emitting or committing — the poll runs on;
 * - the context (factory.js:194-270): `__runPoll` stages `{ snapshot: cloneDeep(cursor), seed }` in
 *   AsyncLocalStorage and the node's static data IS that snapshot; `__emit` takes it (null when
 *   lodash-isEqual to the seed) and commits it in the execution's transaction, fenced by the
 *   task's lease; a null poll commits it alone (`__commitCursor`, commitCursorOnly) if changed;
 *   `getPollBudgetMs` = min(timeout, lease) − min(max(20 %, 5 s), half);
 * - the activation poll runs only when the job is first inserted (active-workflow-triggers.js:
 *   176-194) through n8n-core's PollTriggerExecutor with the registrar's context: no fence, no
 *   budget (PollContext's 5-minute default), cursor row created from the workflow's static data
 *   (poller-state.repository getOrCreateCursor); a null result is not committed; a failure removes
 *   the job. A restart finds the job and runs no activation poll.
 * Not modelled: poll backoff after failures (poll-backoff.service.js) only skips occurrences —
 * the caller decides when ticks happen.
 */
import { AsyncLocalStorage } from 'node:async_hooks';

import {
	PollContext,
	PollTriggerExecutor,
	TriggersAndPollers,
	commitStagedCursor,
	runPollInStagingScope,
} from 'n8n-core';
import type { IDataObject, INodeExecutionData, WorkflowActivateMode } from 'n8n-workflow';
import { UnexpectedError, deepCopy } from 'n8n-workflow';

import { Container, cloneDeep, isEqual } from './n8n-core-deps';
import type { HostCore, TickState } from './poll-host-core';
import type { PollTick, TickOptions, TickOutcome } from './poll-host-types';
import type { HarnessWorkflow } from './workflow-setup';

interface Staged {
	snapshot: IDataObject;
	seed: IDataObject;
}

/** The task's lease: a commit after it ran out (or after the process died) is refused. */
interface Fence {
	startedAt: number;
}

const TIMED_OUT = Symbol('poll timed out');

/** n8n factory.js:196-198. */
export function durablePollBudgetMs(pollTimeoutMs: number, leaseMs: number): number {
	const ceiling = Math.min(pollTimeoutMs, leaseMs);
	return ceiling - Math.min(Math.max(0.2 * ceiling, 5_000), ceiling / 2);
}

export class DurableHost {
	private jobRegistered = false;
	private activating = false;
	readonly budgetMs: number;

	constructor(
		private readonly core: HostCore,
		private readonly activationMode: WorkflowActivateMode,
		private readonly pollTimeoutMs: number,
		private readonly leaseMs: number,
	) {
		this.budgetMs = durablePollBudgetMs(pollTimeoutMs, leaseMs);
	}

	/** poller-state.repository.js getOrCreateCursor: the row, created from static data if none. */
	private storedCursor(initial: IDataObject): IDataObject {
		this.core.storage.cursor ??= deepCopy(initial);
		return deepCopy(this.core.storage.cursor);
	}

	/** advanceCursor: refused once the process died or (fenced) the lease ran out. */
	private commit(
		state: TickState,
		generation: number,
		cursor: IDataObject,
		fence?: Fence,
	): boolean {
		if (!this.core.isCurrent(generation)) return false;
		if (fence && Date.now() - fence.startedAt >= this.leaseMs) return false;
		this.core.storage.cursor = deepCopy(cursor);
		state.committed = true;
		return true;
	}

	private context(
		h: HarnessWorkflow,
		mode: WorkflowActivateMode,
		generation: number,
		fence?: Fence,
		prefetched?: IDataObject,
	): PollContext {
		const { workflow, node, additionalData } = h;
		const core = this.core;
		const staged = new AsyncLocalStorage<Staged>();
		const __runPoll = async <T>(poll: () => Promise<T>) => {
			const cursor = prefetched ?? this.storedCursor(workflow.getStaticData('node', node));
			return await staged.run({ snapshot: cloneDeep(cursor), seed: cursor }, poll);
		};
		const takeStagedCursor = (): IDataObject | null => {
			const s = staged.getStore();
			if (s === undefined || isEqual(s.snapshot, s.seed)) return null;
			const cursor = cloneDeep(s.snapshot);
			s.seed = cursor;
			return cursor;
		};
		const __emit = (data: INodeExecutionData[][]) => {
			const state = core.current();
			if (state.tick.options.crashBetweenEmitAndSave) return core.crash();
			const cursor = takeStagedCursor();
			core.saveStaticData(workflow);
			if (cursor === null) return core.deliver(state, data, false);
			if (this.commit(state, generation, cursor, fence)) core.deliver(state, data, true);
			else state.discarded = true;
		};
		const __commitCursor = async () => {
			const cursor = takeStagedCursor();
			if (cursor !== null) this.commit(core.current(), generation, cursor, fence);
		};
		const resolveNodeStaticData = () => {
			const s = staged.getStore();
			if (s === undefined) {
				throw new UnexpectedError(
					'Poll node read its static data outside of a poll; __runPoll was not entered',
				);
			}
			return s.snapshot;
		};
		return new PollContext(
			workflow,
			node,
			additionalData,
			'trigger',
			mode,
			__emit,
			(error: Error) => core.recordError(error),
			__commitCursor,
			__runPoll,
			resolveNodeStaticData,
			fence ? () => this.budgetMs : undefined,
		);
	}

	activate(mode: WorkflowActivateMode = this.activationMode): PollTick {
		const core = this.core;
		const generation = core.generation;
		const h = core.build();
		const context = this.context(h, mode, generation);
		const execute = Container.get(PollTriggerExecutor).create(h.workflow, h.node, context, () =>
			core.isCurrent(generation),
		);
		this.jobRegistered = true;
		this.activating = true;
		return core.start('activation', generation, context.getPollBudgetMs(), {}, async (state) => {
			try {
				await execute(true);
				return core.outcomeOf(state, generation);
			} catch (error) {
				this.jobRegistered = false; // pollJobManager.remove after a failed activation poll
				return { status: 'failed', error: error as Error };
			} finally {
				this.activating = false;
			}
		});
	}

	tick(options: TickOptions): PollTick {
		const core = this.core;
		if (!this.jobRegistered)
			return this.activating ? core.skipped(options, this.budgetMs) : this.activate();
		const generation = core.generation;
		// The task reads the poller state (with its cursor) first: poll-trigger-task-handler.js:57.
		const prefetched =
			core.storage.cursor === undefined ? undefined : deepCopy(core.storage.cursor);
		const fence: Fence = { startedAt: Date.now() };
		const h = core.build();
		const context = this.context(h, 'update', generation, fence, prefetched);
		return core.start(
			'scheduled',
			generation,
			this.budgetMs,
			options,
			async (state) =>
				await runPollInStagingScope(context, async (): Promise<TickOutcome> => {
					const { workflow, node } = h;
					await workflow.expression.acquireIsolate();
					let timer: NodeJS.Timeout | undefined;
					try {
						const poll = Container.get(TriggersAndPollers).runPollFunction(workflow, node, context);
						poll.catch(() => {});
						state.pollTracked = true;
						void poll.then(state.finish, state.finish);
						const timedOut = new Promise<typeof TIMED_OUT>((resolve) => {
							timer = setTimeout(() => resolve(TIMED_OUT), this.pollTimeoutMs);
						});
						const outcome = await Promise.race([poll, timedOut]);
						if (outcome === TIMED_OUT) return { status: 'abandoned' };
						if (!core.isCurrent(generation)) return { status: 'discarded' };
						if (outcome !== null) {
							context.__emit(outcome);
							return core.outcomeOf(state, generation);
						}
						await commitStagedCursor(context);
						return core.outcomeOf(state, generation);
					} catch (error) {
						if (!core.isCurrent(generation)) return { status: 'discarded' };
						context.__emitError(error as Error);
						return core.outcomeOf(state, generation);
					} finally {
						clearTimeout(timer);
						await workflow.expression.releaseIsolate();
					}
				}),
		);
	}

	/** After a restart: the job (and cursor row) survived, unless a failed activation removed it. */
	restart(): PollTick | undefined {
		return this.jobRegistered ? undefined : this.activate('init');
	}
}
