/**
 * A polling node small enough to see what the host does to it: each poll takes the next step of
 * a script (write to static data, wait for a gate, write again, return items / null / throw) and
 * records what it saw — its context object, static data object, activation mode, budget and the
 * credential's secret (read anew, and cached per context as a node might).
 */
import type {
	ICredentialType,
	IDataObject,
	INodeExecutionData,
	INodeType,
	INodeTypeDescription,
	IPollFunctions,
} from 'n8n-workflow';
import { NodeConnectionTypes, deepCopy } from 'n8n-workflow';

export class FakeSecretApi implements ICredentialType {
	name = 'fakeSecretApi';

	displayName = 'Fake Secret API';

	properties = [
		{
			displayName: 'Client Secret',
			name: 'clientSecret',
			type: 'string' as const,
			typeOptions: { password: true },
			default: '',
		},
	];
}

export interface FakeStep {
	result?: 'items' | 'null' | 'throw';
	/** Merged into the node's static data before waiting. */
	write?: IDataObject;
	gate?: Promise<void>;
	/** Merged into the node's static data after the gate (an abandoned poll still does this). */
	writeAfter?: IDataObject;
}

export interface FakePoll {
	step: number;
	context: IPollFunctions;
	staticData: IDataObject;
	/** Copy of the node's static data when the poll started. */
	sawAtStart: IDataObject;
	activation: string;
	budgetMs: number;
	pollTimes: unknown;
	secret: string;
	/** The secret as cached on the context by the first poll that used it. */
	cachedSecret: string;
	finished: boolean;
}

export interface FakeNode {
	nodeType: INodeType;
	polls: FakePoll[];
	script: FakeStep[];
}

const gates: Array<() => void> = [];

export function gate(): { promise: Promise<void>; open: () => void } {
	let open = () => {};
	const promise = new Promise<void>((resolve) => (open = resolve));
	gates.push(open);
	return { promise, open };
}

/** Lets every held poll go on (after a failed expectation, so that stopping the host ends). */
export function openAllGates(): void {
	for (const open of gates.splice(0)) open();
}

export function fakePollNode(script: FakeStep[] = []): FakeNode {
	const polls: FakePoll[] = [];
	let started = 0;
	const cache = new WeakMap<object, string>();
	const fake: FakeNode = { nodeType: undefined as unknown as INodeType, polls, script };
	const description: INodeTypeDescription = {
		displayName: 'Fake Poll Trigger',
		name: 'fakePollTrigger',
		group: ['trigger'],
		version: 1,
		description: 'Harness fixture for the poll host model',
		defaults: { name: 'Fake Poll Trigger' },
		polling: true,
		inputs: [],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'fakeSecretApi', required: true }],
		properties: [],
	};
	async function poll(this: IPollFunctions): Promise<INodeExecutionData[][] | null> {
		const index = started++;
		const step = fake.script[index] ?? {};
		const staticData = this.getWorkflowStaticData('node');
		const { clientSecret } = await this.getCredentials<{ clientSecret: string }>('fakeSecretApi');
		if (!cache.has(this)) cache.set(this, clientSecret);
		const record: FakePoll = {
			step: index,
			context: this,
			staticData,
			sawAtStart: deepCopy(staticData),
			activation: this.getActivationMode(),
			budgetMs: this.getPollBudgetMs(),
			pollTimes: this.getNodeParameter('pollTimes', null),
			secret: clientSecret,
			cachedSecret: cache.get(this) as string,
			finished: false,
		};
		polls[index] = record;
		Object.assign(staticData, step.write ?? {});
		await step.gate;
		Object.assign(staticData, step.writeAfter ?? {});
		record.finished = true;
		if (step.result === 'throw') throw new Error(`fake poll ${index} failed`);
		if (step.result === 'items') return [this.helpers.returnJsonArray([{ poll: index }])];
		return null;
	}
	fake.nodeType = { description, poll };
	return fake;
}
