/**
 * n8n 2.41.1's default (in-memory) poll scheduling, driven through n8n-core's own
 * PollTriggerExecutor:
 * - activation (n8n-core active-workflow-triggers.js:165-206): `getPollFunctions` is called once,
 *   `executePollTrigger(true)` runs the activation poll (errors thrown, a null result commits
 *   nothing), then every cron tick calls `void executePollTrigger()` on the SAME context, never
 *   waiting for the previous poll;
 * - the context's callbacks are the server's (n8n trigger-execution-context.factory.js:194-270)
 *   with durable cursors off: `__runPoll` stages `{ migrated: false }`, so the node's static data
 *   is `workflow.getStaticData('node', node)` — one object for every tick of the activation;
 *   `__emit` saves static data (fire and forget) and starts the execution; `getPollBudgetMs` is
 *   not passed, so PollContext answers its 5-minute default;
 * - a failed activation is retried as a new activation (active-workflow-manager.js:540-592
 *   `addQueuedWorkflowActivation`); here the next `tick()` is that retry.
 */
import { AsyncLocalStorage } from 'node:async_hooks';

import { PollContext, PollTriggerExecutor } from 'n8n-core';
import type { IDataObject, INodeExecutionData, Workflow, WorkflowActivateMode } from 'n8n-workflow';
import { UnexpectedError, deepCopy } from 'n8n-workflow';

import { Container } from './n8n-core-deps';
import type { HostCore } from './poll-host-core';
import type { PollTick, TickOptions } from './poll-host-types';

interface Activation {
	generation: number;
	workflow: Workflow;
	context: PollContext;
	execute: (testingTrigger?: boolean) => Promise<void>;
}

export class LegacyHost {
	private current?: Activation;
	private activating = false;
	private active = false;

	constructor(
		private readonly core: HostCore,
		private readonly activationMode: WorkflowActivateMode,
	) {}

	/** The context every scheduled tick of the current activation uses. */
	get context(): PollContext | undefined {
		return this.current?.context;
	}

	/** A copy of the activation's in-memory node static data (what the next tick reads). */
	nodeStaticData(name: string): IDataObject | undefined {
		const data = this.current?.workflow.staticData[`node:${name}`] as IDataObject | undefined;
		return data === undefined ? undefined : deepCopy(data);
	}

	activate(mode: WorkflowActivateMode = this.activationMode): PollTick {
		const core = this.core;
		const generation = ++core.generation;
		const { workflow, node, additionalData } = core.build();
		const staged = new AsyncLocalStorage<{ migrated: false }>();
		const __runPoll = async <T>(poll: () => Promise<T>) =>
			await staged.run({ migrated: false }, poll);
		const resolveNodeStaticData = () => {
			if (staged.getStore() === undefined) {
				throw new UnexpectedError(
					'Poll node read its static data outside of a poll; __runPoll was not entered',
				);
			}
			return workflow.getStaticData('node', node);
		};
		const __emit = (data: INodeExecutionData[][]) => {
			const state = core.current();
			if (state.tick.options.crashBetweenEmitAndSave) {
				core.deliver(state, data, false);
				core.crash();
				return;
			}
			const saved = core.saveStaticData(workflow);
			core.deliver(state, data, saved);
		};
		const __emitError = (error: Error) => core.recordError(error);
		const context = new PollContext(
			workflow,
			node,
			additionalData,
			'trigger',
			mode,
			__emit,
			__emitError,
			async () => {},
			__runPoll,
			resolveNodeStaticData,
			undefined,
		);
		const isCurrent = () => core.isCurrent(generation);
		const execute = Container.get(PollTriggerExecutor).create(workflow, node, context, isCurrent);
		this.current = { generation, workflow, context, execute };
		this.activating = true;
		this.active = false;
		return core.start('activation', generation, context.getPollBudgetMs(), {}, async (state) => {
			try {
				await execute(true);
				this.active = core.isCurrent(generation);
				return core.outcomeOf(state, generation);
			} catch (error) {
				// WorkflowActivationError: no cron was registered; n8n queues a new activation.
				return { status: 'failed', error: error as Error };
			} finally {
				if (this.current?.generation === generation) this.activating = false;
			}
		});
	}

	tick(options: TickOptions): PollTick {
		const core = this.core;
		if (this.activating || !this.current) return core.skipped(options, 300_000);
		if (!this.active) return this.activate();
		const { generation, context, execute } = this.current;
		return core.start(
			'scheduled',
			generation,
			context.getPollBudgetMs(),
			options,
			async (state) => {
				await execute();
				return core.outcomeOf(state, generation);
			},
		);
	}
}
