/**
 * The ids an operation reads from its parameters (plain, resource locator or expression), each
 * kind with one pattern and one example, so every node accepts and rejects the same strings and
 * a bad id never reaches a URL path.
 */
import type { IExecuteFunctions } from 'n8n-workflow';

import { InputError, withInputErrors } from '../transport';

export type IdKind = 'alert' | 'machine' | 'machineAction' | 'indicator';

interface IdRule {
	/** How the id is named in a message, e.g. "alert ID", and at the start of one, e.g. "Alert IDs". */
	label: string;
	plural: string;
	pattern: RegExp;
	/** An id of this kind as Defender writes it, for the message. */
	example: string;
}

/** Defender alert ids: a letter or digit, then letters, digits, `_` and `-`. */
export const ALERT_ID_PATTERN = '^[A-Za-z0-9][A-Za-z0-9_-]{0,127}$';

export const ID_RULES: Record<IdKind, IdRule> = {
	alert: {
		label: 'alert ID',
		plural: 'Alert IDs',
		pattern: new RegExp(ALERT_ID_PATTERN),
		example: 'da637472900382838869_1364969609',
	},
	// A machine is addressed by its 40-hex id or its DNS name (both accepted by /api/machines/{id}).
	machine: {
		label: 'machine ID',
		plural: 'Machine IDs',
		pattern: /^[A-Za-z0-9][A-Za-z0-9._-]{0,254}$/,
		example: "1e5bc9d7e413ddd7902c2932e418702b84d0cc07 (or the machine's DNS name)",
	},
	machineAction: {
		label: 'machine action ID',
		plural: 'Machine action IDs',
		pattern: /^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/,
		example: '5382f7ea-7557-4ab7-9782-d50480024a4e',
	},
	indicator: {
		label: 'indicator ID',
		plural: 'Indicator IDs',
		pattern: /^\d{1,19}$/,
		example: '995',
	},
};

/** `id` when it is a valid id of `kind`; an InputError saying what one looks like otherwise. */
export function assertId(kind: IdKind, id: string): string {
	const rule = ID_RULES[kind];
	if (!rule.pattern.test(id)) {
		throw new InputError(
			`"${id.slice(0, 80)}" is not a Defender ${rule.label}. ${rule.plural} look like ${rule.example}.`,
		);
	}
	return id;
}

/** The required id parameter `name` of `kind`, trimmed and checked. */
export function idParameter(
	this: IExecuteFunctions,
	name: string,
	kind: IdKind,
	itemIndex: number,
): string {
	const raw = this.getNodeParameter(name, itemIndex, '', { extractValue: true });
	const id = typeof raw === 'string' || typeof raw === 'number' ? String(raw).trim() : '';
	return withInputErrors(this.getNode(), { itemIndex }, () => {
		if (!id) {
			throw new InputError(
				`No ${ID_RULES[kind].label} was given. Enter it, pick it or map it from the input.`,
			);
		}
		return assertId(kind, id);
	});
}
