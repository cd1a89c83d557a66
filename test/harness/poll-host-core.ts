/**
 * What both host modes share: the "database" (workflow row static data, poller_state cursor,
 * credentials table), the record of ticks, batches and errors, and the tick life cycle. Which
 * tick is running is carried by AsyncLocalStorage, as n8n carries its staged cursor: a reused
 * legacy context has one `__emit` for all ticks, and overlapping polls must not be confused.
 */
import { AsyncLocalStorage } from 'node:async_hooks';

import { TriggersAndPollers } from 'n8n-core';
import type {
	IDataObject,
	INodeExecutionData,
	INodeProperties,
	INodeType,
	IVersionedNodeType,
	Workflow,
} from 'n8n-workflow';
import { deepCopy } from 'n8n-workflow';

import { setupN8nContainer } from './container';
import { CredentialStore } from './credential-store';
import type { CapturedLog } from './log-capture';
import { Container } from './n8n-core-deps';
import type {
	EmittedBatch,
	PollError,
	PollHostStorage,
	PollSchedulerOptions,
	PollTick,
	TickOptions,
	TickOutcome,
} from './poll-host-types';
import { setupWorkflow } from './workflow-setup';
import type { HarnessWorkflow } from './workflow-setup';

/** Per-tick facts gathered while n8n runs it. */
export interface TickState {
	tick: PollTick;
	emitted?: { items: number; saved: boolean };
	error?: Error;
	/** durable: a cursor was committed (with the execution or alone). */
	committed: boolean;
	/** The result was thrown away (durable: lease lost). */
	discarded: boolean;
	/** Resolves `tick.finished`; durable hands it to the poll promise. */
	finish: () => void;
	pollTracked: boolean;
}

type PollTickEvent = { overlapped: boolean };

// eslint-disable-next-line @typescript-eslint/no-require-imports
const { commonPollingParameters } = require('n8n-core/dist/nodes-loader/constants.js') as {
	commonPollingParameters: INodeProperties[];
};

/**
 * n8n's loader puts "Poll Times" (`pollTimes`, default every minute) in front of every polling
 * node's properties (n8n-core nodes-loader directory-loader.js `applySpecialNodeParameters`), so
 * `getNodeParameter('pollTimes')` answers as in n8n. The node's own object is left alone.
 */
function withPollTimes(type: INodeType | IVersionedNodeType): INodeType | IVersionedNodeType {
	if ('nodeVersions' in type || !type.description.polling) return type;
	if (type.description.properties.some((p) => p.name === 'pollTimes')) return type;
	const description = {
		...type.description,
		properties: [...commonPollingParameters, ...type.description.properties],
	};
	return Object.create(type, { description: { value: description } }) as INodeType;
}

export class HostCore {
	readonly store: CredentialStore;
	readonly ticks: PollTick[] = [];
	readonly emitted: EmittedBatch[] = [];
	readonly errors: PollError[] = [];
	readonly logs: CapturedLog[] = [];
	storage: PollHostStorage;
	/** Bumped by every activation (legacy), restart and crash: older polls are superseded. */
	generation = 0;
	/** The process died (crashBetweenEmitAndSave) and has not been restarted. */
	down = false;
	readonly scope = new AsyncLocalStorage<TickState>();
	private readonly onPollTick = (event: PollTickEvent) => {
		const state = this.scope.getStore();
		if (state) state.tick.overlapped = event.overlapped;
	};

	private readonly nodeType: INodeType | IVersionedNodeType;

	constructor(readonly options: PollSchedulerOptions) {
		this.nodeType = withPollTimes(options.nodeType);
		this.store = new CredentialStore(options.credentials);
		this.storage = { workflowStaticData: deepCopy(options.staticData ?? {}) };
		setupN8nContainer();
		Container.get(TriggersAndPollers).events.on('poll-tick-completed', this.onPollTick);
	}

	/** A new Workflow as n8n builds it from the stored row (static data as last saved). */
	build(): HarnessWorkflow {
		this.keepLogs();
		return setupWorkflow(
			{
				...this.options,
				nodeType: this.nodeType,
				staticData: this.storage.workflowStaticData,
				credentialStore: this.store,
			},
			'trigger',
		);
	}

	keepLogs(): void {
		this.logs.push(...setupN8nContainer().drain());
	}

	isCurrent(generation: number): boolean {
		return !this.down && generation === this.generation;
	}

	current(): TickState {
		const state = this.scope.getStore();
		if (!state) throw new Error('poll host: n8n called back outside of any tick');
		return state;
	}

	/**
	 * WorkflowStaticDataService.saveStaticData (n8n workflow-static-data.service.js:31-44): writes
	 * the whole workflow static data only if it is flagged changed, then clears the flag. n8n
	 * does not await it; the model writes at once.
	 */
	saveStaticData(workflow: Workflow): boolean {
		const data = workflow.staticData as IDataObject & { __dataChanged?: boolean };
		if (data.__dataChanged !== true) return false;
		this.storage.workflowStaticData = deepCopy(data);
		data.__dataChanged = false;
		return true;
	}

	deliver(state: TickState, data: INodeExecutionData[][], saved: boolean): void {
		const items = data.reduce((n, output) => n + output.length, 0);
		state.emitted = { items: (state.emitted?.items ?? 0) + items, saved };
		this.emitted.push({ tick: state.tick.index, generation: state.tick.generation, data, saved });
	}

	recordError(error: Error): void {
		const state = this.current();
		state.error = error;
		this.errors.push({ tick: state.tick.index, error });
	}

	crash(): void {
		this.down = true;
		this.generation++;
	}

	skipped(options: TickOptions, budgetMs: number): PollTick {
		return this.start('scheduled', this.generation, budgetMs, options, async () => ({
			status: 'skipped',
		}));
	}

	/** Starts `run` inside the tick's scope and records the tick; never awaits it. */
	start(
		kind: PollTick['kind'],
		generation: number,
		budgetMs: number,
		options: TickOptions,
		run: (state: TickState) => Promise<TickOutcome>,
	): PollTick {
		let finish = () => {};
		const finished = new Promise<void>((resolve) => (finish = resolve));
		const tick = {
			index: this.ticks.length,
			kind,
			generation,
			budgetMs,
			options,
			finished,
		} as PollTick;
		const state: TickState = {
			tick,
			committed: false,
			discarded: false,
			finish,
			pollTracked: false,
		};
		tick.done = this.scope
			.run(state, async () => await run(state))
			.catch((error: unknown): TickOutcome => ({ status: 'failed', error: error as Error }))
			.then((outcome) => {
				tick.outcome = outcome;
				if (!state.pollTracked) finish();
				return outcome;
			});
		this.ticks.push(tick);
		return tick;
	}

	/** What became of a tick once n8n is done with it, from what its callbacks recorded. */
	outcomeOf(state: TickState, generation: number): TickOutcome {
		if (state.emitted) return { status: 'emitted', ...state.emitted };
		if (state.error) return { status: 'failed', error: state.error };
		if (state.discarded || !this.isCurrent(generation)) return { status: 'discarded' };
		return { status: 'empty', saved: state.committed };
	}

	async settle(): Promise<void> {
		for (let seen = -1; seen !== this.ticks.length; ) {
			seen = this.ticks.length;
			await Promise.all(this.ticks.map(async (t) => await t.finished));
		}
		this.keepLogs();
	}

	dispose(): void {
		Container.get(TriggersAndPollers).events.off('poll-tick-completed', this.onPollTick);
	}
}
