/**
 * Runs the JavaScript of an example's Code node ("Run Once for All Items") the way n8n calls it:
 * the node's code is a function body that returns items, with `$input`, `$('<node>')` and `$now`
 * in scope. Only what the examples' Code nodes use is provided; anything else is a ReferenceError,
 * so a Code node that starts using more fails here first. Results are plain JSON (no vm realm).
 */
import { runInNewContext } from 'node:vm';

export interface Item {
	json: Record<string, unknown>;
}

export interface CodeNodeScope {
	input: Item[];
	/** Items of other nodes, for `$('<name>').first()/.all()/.item`. */
	nodes?: Record<string, Item[]>;
	/** Epoch ms `$now` stands for. */
	now?: number;
}

export function runCodeNode(jsCode: string, scope: CodeNodeScope): Item[] {
	const items = (name: string, list: Item[] | undefined) => {
		if (!list)
			throw new Error(`the Code node referenced node "${name}", which the test did not give`);
		// itemMatching(i): the item input item i derives from; the examples' Code nodes sit behind
		// nodes that keep one output item per input item, so it is the i-th.
		return {
			all: () => list,
			first: () => list[0],
			item: list[0],
			itemMatching: (i: number) => {
				if (!list[i]) throw new Error(`node "${name}" has no item ${i} for itemMatching`);
				return list[i];
			},
		};
	};
	const context = {
		$input: items('$input', scope.input),
		$: (name: string) => items(name, scope.nodes?.[name]),
		$now: { toMillis: () => scope.now ?? Date.now() },
	};
	const result: unknown = runInNewContext(`(function () {\n${jsCode}\n})()`, context, {
		timeout: 5000,
	});
	return JSON.parse(JSON.stringify(result)) as Item[];
}

/** The code of the Code node `name` in a workflow. */
export function codeOf(
	wf: { nodes: Array<{ name: string; parameters: Record<string, unknown> }> },
	name: string,
): string {
	const node = wf.nodes.find((n) => n.name === name);
	if (!node || typeof node.parameters.jsCode !== 'string')
		throw new Error(`no Code node "${name}"`);
	return node.parameters.jsCode;
}
