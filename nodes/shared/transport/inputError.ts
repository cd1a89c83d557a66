/**
 * One error for one meaning: what the user entered (a parameter, a filter, a credential field)
 * cannot be used, and the message says how to fix it. Pure helpers throw it; the n8n glue turns it
 * into a node error on the item. Anything else thrown is a fault, not advice: n8n's own errors go
 * on as they are, and any other error is wrapped the way n8n wraps a fault (its message, no fix).
 */
import { NodeApiError, NodeOperationError } from 'n8n-workflow';
import type { INode } from 'n8n-workflow';

export class InputError extends Error {
	constructor(message: string) {
		super(message);
		this.name = 'InputError';
	}
}

export function isInputError(error: unknown): error is InputError {
	return error instanceof InputError;
}

export interface NodeErrorPlace {
	itemIndex?: number;
	/** 'warning' for a setting the user can fix before running again (n8n shows it amber). */
	level?: 'warning';
}

/** The node error to throw for `error` (see above). */
export function asNodeError(
	node: INode,
	error: unknown,
	place: NodeErrorPlace = {},
): NodeApiError | NodeOperationError {
	if (isInputError(error)) return new NodeOperationError(node, error.message, { ...place });
	if (error instanceof NodeApiError || error instanceof NodeOperationError) return error;
	return new NodeOperationError(node, error as Error, { ...place });
}

/** `work()`, with an InputError it throws turned into a node error on the item. */
export function withInputErrors<T>(node: INode, place: NodeErrorPlace, work: () => T): T {
	try {
		return work();
	} catch (error) {
		throw asNodeError(node, error, place);
	}
}
