/**
 * `$orderby`, `$top`, `$skip` and `$expand`.
 */
import { ApiError } from '../errors';
import { compareTime } from '../time';
import { ENTITY, err, FILTERABLE_FIELDS, lookupField } from './fields';
import type { FieldDef } from './fields';
import { enumRanker } from './evaluator';
import type { AlertRecord } from './evaluator';

export interface OrderKey {
	field: FieldDef;
	desc: boolean;
}

export function parseOrderBy(input: string): OrderKey[] {
	if (typeof input !== 'string') throw err('The $orderby query option must be a string.');
	const keys: OrderKey[] = [];
	const re = /\s*([^\s,]+)(?:\s+([^\s,]+))?\s*(,|$)/y;
	let pos = 0;
	if (input.trim() === '') throw err('The $orderby query option is empty.');
	while (pos < input.length) {
		re.lastIndex = pos;
		const m = re.exec(input);
		if (!m || m[0] === '') {
			const bad = input.slice(pos).trim().split(/\s+/)[0] ?? '';
			throw err(`Syntax error in $orderby '${input}': unexpected '${bad}' at position ${pos}.`);
		}
		const name = m[1];
		const namePos = input.indexOf(name, pos);
		const field = lookupField(name);
		if (!field)
			throw err(
				`Could not find a property named '${name}' on type '${ENTITY}' ($orderby position ${namePos}). Sortable properties: ${FILTERABLE_FIELDS.join(', ')}.`,
			);
		let desc = false;
		if (m[2] !== undefined) {
			if (m[2] === 'desc') desc = true;
			else if (m[2] !== 'asc')
				throw err(
					`Syntax error in $orderby '${input}': expected 'asc' or 'desc' after '${name}' but found '${m[2]}' at position ${input.indexOf(m[2], namePos + name.length)}.`,
				);
		}
		keys.push({ field, desc });
		pos = re.lastIndex;
		if (m[3] === ',' && pos >= input.length)
			throw err(
				`Syntax error in $orderby '${input}': expected a property after ',' at position ${pos}.`,
			);
		if (m[3] === '') break;
	}
	if (keys.length > 10) throw err('The $orderby query option has more than 10 keys.');
	return keys;
}

export function compareRecordsBy(keys: OrderKey[]): (a: AlertRecord, b: AlertRecord) => number {
	const parts = keys.map(({ field, desc }) => {
		const name = field.name;
		const sign = desc ? -1 : 1;
		// Nulls sort first ascending (last descending), as SQL Server and OData's LINQ provider do.
		if (field.kind === 'time')
			return (a: AlertRecord, b: AlertRecord) => {
				const x = a.times[name];
				const y = b.times[name];
				if (!x || !y) return sign * ((x ? 1 : 0) - (y ? 1 : 0));
				return sign * compareTime(x, y);
			};
		if (field.kind === 'long')
			return (a: AlertRecord, b: AlertRecord) => {
				const x = a.alert[name];
				const y = b.alert[name];
				const xn = typeof x === 'number';
				const yn = typeof y === 'number';
				if (!xn || !yn) return sign * ((xn ? 1 : 0) - (yn ? 1 : 0));
				return sign * ((x as number) - (y as number));
			};
		if (field.kind === 'enum') {
			const rank = enumRanker(field);
			return (a: AlertRecord, b: AlertRecord) => {
				const x = a.alert[name];
				const y = b.alert[name];
				const xn = x !== null && x !== undefined;
				const yn = y !== null && y !== undefined;
				if (!xn || !yn) return sign * ((xn ? 1 : 0) - (yn ? 1 : 0));
				return sign * (rank(x) - rank(y));
			};
		}
		const cs = field.caseSensitive === true;
		return (a: AlertRecord, b: AlertRecord) => {
			const x = a.alert[name];
			const y = b.alert[name];
			const xn = x !== null && x !== undefined;
			const yn = y !== null && y !== undefined;
			if (!xn || !yn) return sign * ((xn ? 1 : 0) - (yn ? 1 : 0));
			const xs = cs ? String(x) : String(x).toLowerCase();
			const ys = cs ? String(y) : String(y).toLowerCase();
			return sign * (xs < ys ? -1 : xs > ys ? 1 : 0);
		};
	});
	return (a, b) => {
		for (const p of parts) {
			const c = p(a, b);
			if (c !== 0) return c;
		}
		// Final tiebreak: id (ordinal), so pages with $skip are deterministic.
		const ia = a.alert.id;
		const ib = b.alert.id;
		return ia < ib ? -1 : ia > ib ? 1 : 0;
	};
}

export const MAX_PAGE_SIZE = 10000;

export function parseTop(raw: string | undefined): number {
	if (raw === undefined) return MAX_PAGE_SIZE;
	const s = String(raw).trim();
	if (!/^[+-]?\d+$/.test(s))
		throw err(
			`Invalid value '${raw}' for $top query option found. The $top query option requires a non-negative integer value.`,
		);
	const n = Number(s);
	if (n < 0)
		throw err(
			`Invalid value '${raw}' for $top query option found. The $top query option requires a non-negative integer value.`,
		);
	if (n > MAX_PAGE_SIZE)
		throw new ApiError(
			400,
			'InvalidInput',
			`The $top value ${s} is not valid: the maximum page size is ${MAX_PAGE_SIZE}.`,
		);
	return n;
}

export function parseSkip(raw: string | undefined): number {
	if (raw === undefined) return 0;
	const s = String(raw).trim();
	if (!/^[+-]?\d+$/.test(s) || Number(s) < 0 || !Number.isSafeInteger(Number(s)))
		throw err(
			`Invalid value '${raw}' for $skip query option found. The $skip query option requires a non-negative integer value.`,
		);
	return Number(s);
}

/** True when `$expand` asks for evidence; throws for anything else. */
export function parseExpand(raw: string | undefined): boolean {
	if (raw === undefined) return false;
	const items = String(raw)
		.split(',')
		.map((x) => x.trim());
	let evidence = false;
	for (const item of items) {
		if (item.toLowerCase() === 'evidence') evidence = true;
		else
			throw err(
				`Could not find a property named '${item}' on type '${ENTITY}' in $expand '${raw}'. Expandable: evidence.`,
			);
	}
	return evidence;
}
