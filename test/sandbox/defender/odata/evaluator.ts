/**
 * The AST compiled into a predicate over store records: OData's null rules, enums by their
 * declared order, times with 100-ns precision.
 */
import type { ApiTime } from '../time';
import type { FieldDef } from './fields';
import type { CompareOp, FilterNode, Literal } from './parser';

/** What the store keeps next to each alert so filters never re-parse timestamps. */
export interface AlertRecord {
	alert: Record<string, unknown> & { id: string };
	seq: number;
	visibleAt: number;
	/** Parsed time fields (ms NaN when null or unparseable), keyed by property name. */
	times: Record<string, ApiTime | null>;
}

export type Predicate = (r: AlertRecord) => boolean;

function cmpResult(op: CompareOp, c: number): boolean {
	switch (op) {
		case 'eq':
			return c === 0;
		case 'ne':
			return c !== 0;
		case 'gt':
			return c > 0;
		case 'ge':
			return c >= 0;
		case 'lt':
			return c < 0;
		case 'le':
			return c <= 0;
	}
}

/**
 * Enum properties compare by their declared order (as Edm enums do: severity
 * UnSpecified < Informational < Low < Medium < High; status Unknown < New < InProgress < Resolved),
 * case-insensitively; a stored value outside the enum ranks after every known one.
 */
export function enumRanker(field: FieldDef): (v: unknown) => number {
	const index = new Map(field.values!.map((v, i) => [v.toLowerCase(), i]));
	const unknown = field.values!.length;
	return (v) => index.get(String(v).toLowerCase()) ?? unknown;
}

function compileCompare(op: CompareOp, field: FieldDef, lit: Literal): Predicate {
	const name = field.name;
	if (lit.kind === 'null') {
		const isNull = (r: AlertRecord) => {
			const v = field.kind === 'time' ? r.times[name] : r.alert[name];
			return v === null || v === undefined;
		};
		if (op === 'eq') return isNull;
		if (op === 'ne') return (r) => !isNull(r);
		return () => false;
	}
	// A null property compares unequal to any non-null literal and is never gt/ge/lt/le.
	const onNull = op === 'ne';
	if (field.kind === 'time') {
		const t = (lit as { value: ApiTime }).value;
		const ms = t.ms;
		const sub = t.sub;
		return (r) => {
			const v = r.times[name];
			if (!v) return onNull;
			const c = v.ms !== ms ? v.ms - ms : v.sub - sub;
			return cmpResult(op, c);
		};
	}
	if (field.kind === 'long') {
		const n = (lit as { value: number }).value;
		return (r) => {
			const v = r.alert[name];
			if (typeof v !== 'number') return onNull;
			return cmpResult(op, v < n ? -1 : v > n ? 1 : 0);
		};
	}
	if (field.kind === 'enum') {
		const rank = enumRanker(field);
		const n = rank((lit as { value: string }).value);
		return (r) => {
			const raw = r.alert[name];
			if (raw === null || raw === undefined) return onNull;
			const v = rank(raw);
			return cmpResult(op, v < n ? -1 : v > n ? 1 : 0);
		};
	}
	const s0 = (lit as { value: string }).value;
	const cs = field.caseSensitive === true;
	const s = cs ? s0 : s0.toLowerCase();
	return (r) => {
		const raw = r.alert[name];
		if (raw === null || raw === undefined) return onNull;
		const v = cs ? String(raw) : String(raw).toLowerCase();
		return cmpResult(op, v < s ? -1 : v > s ? 1 : 0);
	};
}

export function compileFilter(node: FilterNode): Predicate {
	switch (node.type) {
		case 'and': {
			const a = compileFilter(node.left);
			const b = compileFilter(node.right);
			return (r) => a(r) && b(r);
		}
		case 'or': {
			const a = compileFilter(node.left);
			const b = compileFilter(node.right);
			return (r) => a(r) || b(r);
		}
		case 'not': {
			const a = compileFilter(node.operand);
			return (r) => !a(r);
		}
		case 'compare':
			return compileCompare(node.op, node.field, node.value);
		case 'in': {
			const parts = node.values.map((v) => compileCompare('eq', node.field, v));
			return (r) => parts.some((p) => p(r));
		}
	}
}
