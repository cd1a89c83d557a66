/**
 * One error for "the user must fix this input", and the one place it becomes a node error: an
 * InputError is shown with its own message on its item; any other error is a fault, kept or
 * wrapped as n8n wraps one, so a bug is never presented as advice.
 */
import { NodeApiError, NodeOperationError } from 'n8n-workflow';

import { assertId, ID_RULES } from '../../nodes/shared/execution';
import {
	asNodeError,
	InputError,
	isInputError,
	withInputErrors,
} from '../../nodes/shared/transport';
import { stubNode } from '../support/stubNode';

const node = stubNode();

describe('InputError', () => {
	it('becomes a node error on its item, with its message and level', () => {
		const thrown = (() => {
			try {
				withInputErrors(node, { itemIndex: 3, level: 'warning' }, () => {
					throw new InputError('Pick a tenant.');
				});
			} catch (error) {
				return error;
			}
		})() as NodeOperationError;
		expect(thrown).toBeInstanceOf(NodeOperationError);
		expect(thrown.message).toBe('Pick a tenant.');
		expect(thrown.context.itemIndex).toBe(3);
		expect(thrown.level).toBe('warning');
	});

	it('wraps a fault as n8n does, with its own message and no advice; keeps n8n errors', () => {
		const bug = new TypeError("Cannot read properties of undefined (reading 'x')");
		const wrapped = asNodeError(node, bug, { itemIndex: 1 });
		expect(wrapped).toBeInstanceOf(NodeOperationError);
		expect(wrapped.message).toBe(bug.message);
		expect(wrapped.description ?? undefined).toBeUndefined();
		expect(isInputError(bug)).toBe(false);
		const apiError = new NodeApiError(node, { message: 'Defender said no' });
		expect(asNodeError(node, apiError)).toBe(apiError);
		expect(withInputErrors(node, {}, () => 42)).toBe(42);
	});
});

describe('ids: one rule per kind for every node', () => {
	it.each([
		['alert', 'da637472900382838869_-1364969609', true],
		['alert', '_da637472900382838869', false],
		['alert', "1' or 1 eq 1", false],
		['machine', '1e5bc9d7e413ddd7902c2932e418702b84d0cc07', true],
		['machine', 'ws01.contoso.com', true],
		['machine', '../machines', false],
		['machineAction', '5382f7ea-7557-4ab7-9782-d50480024a4e', true],
		['machineAction', '5382f7ea', false],
		['indicator', '995', true],
		['indicator', '99a', false],
	] as const)('%s id %s valid: %s', (kind, id, valid) => {
		if (valid) expect(assertId(kind, id)).toBe(id);
		else expect(() => assertId(kind, id)).toThrow(InputError);
	});

	it('says what an id of the kind looks like', () => {
		expect(() => assertId('machineAction', 'x')).toThrow(
			`"x" is not a Defender machine action ID. Machine action IDs look like ${ID_RULES.machineAction.example}.`,
		);
	});
});
