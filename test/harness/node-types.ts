import type {
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	INodeType,
	INodeTypes,
	IVersionedNodeType,
} from 'n8n-workflow';
import { NodeConnectionTypes, NodeHelpers, UnexpectedError } from 'n8n-workflow';

export const START_NODE_TYPE = 'harness.start';

/**
 * Plays n8n's Manual Trigger: the execution starts here and its output (the test's input items)
 * feeds the node under test, so that node sees real `$json`, `$input` and paired items.
 */
export class HarnessStart implements INodeType {
	description = {
		displayName: 'Harness Start',
		name: START_NODE_TYPE,
		group: ['trigger'],
		version: 1,
		description: 'Emits the test input items',
		defaults: { name: 'Start' },
		inputs: [],
		outputs: [NodeConnectionTypes.Main],
		properties: [],
	} as INodeType['description'];

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return [this.getInputData()];
	}
}

/** INodeTypes over the harness start node plus the node(s) under test. */
export class HarnessNodeTypes implements INodeTypes {
	private readonly byName = new Map<string, INodeType | IVersionedNodeType>();

	constructor(types: Array<INodeType | IVersionedNodeType>) {
		for (const type of [new HarnessStart(), ...types]) this.byName.set(type.description.name, type);
	}

	getByName(name: string): INodeType | IVersionedNodeType {
		const found = this.byName.get(name);
		if (!found) throw new UnexpectedError(`Unknown node type "${name}"`);
		return found;
	}

	getByNameAndVersion(name: string, version?: number): INodeType {
		return NodeHelpers.getVersionedNodeType(this.getByName(name), version);
	}

	getKnownTypes(): IDataObject {
		return {};
	}
}

/** The version n8n would put on a freshly added node: the highest the type declares. */
export function latestVersion(type: INodeType | IVersionedNodeType): number {
	if ('nodeVersions' in type) return type.currentVersion;
	const { version } = type.description;
	return Array.isArray(version) ? Math.max(...version) : version;
}

/**
 * Mirror of n8n-nodes-base's No Operation node: the server's credential tester runs declared
 * `test` requests on it, and preAuthentication recognises a test by this exact type name.
 */
export class NoOp implements INodeType {
	description = {
		displayName: 'No Operation, do nothing',
		name: 'n8n-nodes-base.noOp',
		group: ['organization'],
		version: 1,
		description: 'No Operation',
		defaults: { name: 'No Operation, do nothing' },
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		properties: [],
	} as INodeType['description'];

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return [this.getInputData()];
	}
}
