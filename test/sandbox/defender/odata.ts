/**
 * The OData subset of `GET /api/alerts` (facts/defender-api-and-peers.md §1.4): a tokenizer and
 * recursive-descent parser for `$filter` into an AST, compiled into a predicate over store records;
 * `$orderby` parsing; `$top`/`$skip`/`$expand` validation.
 *
 * Choices (the public docs do not settle them):
 * - Operators and keywords (`eq ne gt ge lt le and or not in null true false asc desc`) are
 *   lower case only, as the OData v4 ABNF has them; `Status EQ 'New'` is a 400.
 * - Property names are case-insensitive (`InvestigationId` and `investigationId` are both in the
 *   docs); the docs' typo `asssignedTo` is accepted as `assignedTo`.
 * - String comparisons are case-insensitive (ordinal ignore-case) for every string property except
 *   `id`, which is exact. `status` and `severity` are enums: a value outside the enum is a 400,
 *   and gt/ge/lt/le and $orderby use the enum's declared order (Low < Medium < High).
 * - DateTimeOffset literals are unquoted (`lastUpdateTime ge 2019-11-22T00:00:00Z`), up to 7
 *   fractional digits, `Z` or `±hh:mm`; compared as time with 100-ns precision. A quoted string
 *   against a time property is a type error (400), as Microsoft's OData library reports it.
 * - Comparisons with null follow OData: `x eq null` is true for a null x; gt/ge/lt/le with a null
 *   side are false; `ne` is the negation of `eq`.
 * Every error is `ApiError(400, 'ODataError', …)` naming the token and its (0-based) position.
 */
import { SEVERITIES, STATUSES } from './alertEnums';
import { ApiError } from './errors';
import { compareTime, parseApiTime, type ApiTime } from './time';

// ---------------------------------------------------------------------------------------------
// Fields

export type FieldKind = 'time' | 'long' | 'string' | 'enum';

export interface FieldDef {
	/** Property name as the alert JSON spells it. */
	name: string;
	kind: FieldKind;
	/** For enums: allowed values (compared case-insensitively). */
	values?: readonly string[];
	caseSensitive?: boolean;
}

const FIELD_LIST: FieldDef[] = [
	{ name: 'alertCreationTime', kind: 'time' },
	{ name: 'lastUpdateTime', kind: 'time' },
	{ name: 'lastEventTime', kind: 'time' },
	{ name: 'incidentId', kind: 'long' },
	{ name: 'investigationId', kind: 'long' },
	{ name: 'id', kind: 'string', caseSensitive: true },
	{ name: 'assignedTo', kind: 'string' },
	{ name: 'detectionSource', kind: 'string' },
	{ name: 'category', kind: 'string' },
	{ name: 'rbacGroupName', kind: 'string' },
	{ name: 'status', kind: 'enum', values: STATUSES },
	{ name: 'severity', kind: 'enum', values: SEVERITIES },
];

const FIELDS = new Map<string, FieldDef>();
for (const f of FIELD_LIST) FIELDS.set(f.name.toLowerCase(), f);
FIELDS.set('asssignedto', FIELDS.get('assignedto')!); // the docs' spelling

export const FILTERABLE_FIELDS: readonly string[] = FIELD_LIST.map((f) => f.name);

const ENTITY = 'microsoft.windowsDefenderATP.api.PublicAlert';

export function lookupField(name: string): FieldDef | undefined {
	return FIELDS.get(name.toLowerCase());
}

/** Another entity's filterable properties (machines, machine actions, indicators); default: alerts. */
export interface EntitySchema {
	entity: string;
	fields: readonly FieldDef[];
}

const ALERT_SCHEMA: EntitySchema = { entity: ENTITY, fields: FIELD_LIST };

function schemaLookup(schema: EntitySchema): (name: string) => FieldDef | undefined {
	if (schema === ALERT_SCHEMA) return lookupField;
	const byName = new Map(schema.fields.map((f) => [f.name.toLowerCase(), f]));
	return (name) => byName.get(name.toLowerCase());
}

// ---------------------------------------------------------------------------------------------
// Tokens

export type Token =
	| { t: 'ident'; v: string; pos: number }
	| { t: 'string'; v: string; pos: number; raw: string }
	| { t: 'number'; v: number; pos: number; raw: string }
	| { t: 'time'; v: ApiTime; pos: number; raw: string }
	| { t: 'punct'; v: '(' | ')' | ','; pos: number }
	| { t: 'eof'; pos: number };

function err(message: string): ApiError {
	return new ApiError(400, 'ODataError', message);
}

function describe(tok: Token): string {
	switch (tok.t) {
		case 'eof':
			return 'end of input';
		case 'string':
			return `string literal ${tok.raw}`;
		case 'number':
		case 'time':
			return `literal '${tok.raw}'`;
		default:
			return `'${tok.v}'`;
	}
}

const TIME_TOKEN_RE = /\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|z|[+-]\d{2}:\d{2})?/y;
const DATE_ONLY_RE = /\d{4}-\d{2}-\d{2}(?![\dT])/y;
const NUMBER_RE = /-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?(?![A-Za-z_\d])/y;
const IDENT_RE = /[A-Za-z_][A-Za-z0-9_]*/y;

export function tokenize(input: string): Token[] {
	const tokens: Token[] = [];
	const n = input.length;
	let i = 0;
	while (i < n) {
		const c = input[i];
		if (c === ' ' || c === '\t' || c === '\r' || c === '\n') {
			i++;
			continue;
		}
		const pos = i;
		if (c === '(' || c === ')' || c === ',') {
			tokens.push({ t: 'punct', v: c, pos });
			i++;
			continue;
		}
		if (c === "'") {
			let v = '';
			let j = i + 1;
			for (;;) {
				if (j >= n)
					throw err(`Syntax error: unterminated string literal at position ${pos} in '${input}'.`);
				const ch = input[j];
				if (ch === "'") {
					if (input[j + 1] === "'") {
						v += "'";
						j += 2;
						continue;
					}
					j++;
					break;
				}
				v += ch;
				j++;
			}
			tokens.push({ t: 'string', v, pos, raw: input.slice(pos, j) });
			i = j;
			continue;
		}
		if ((c >= '0' && c <= '9') || (c === '-' && input[i + 1] >= '0' && input[i + 1] <= '9')) {
			TIME_TOKEN_RE.lastIndex = i;
			const tm = c !== '-' ? TIME_TOKEN_RE.exec(input) : null;
			if (tm) {
				const raw = tm[0];
				const frac = /\.(\d+)/.exec(raw);
				if (frac && frac[1].length > 7)
					throw err(
						`Syntax error: the DateTimeOffset literal '${raw}' at position ${pos} has more than 7 fractional digits.`,
					);
				if (!/(Z|z|[+-]\d{2}:\d{2})$/.test(raw))
					throw err(
						`Syntax error: the DateTimeOffset literal '${raw}' at position ${pos} has no time zone; add 'Z' (UTC) or an offset like '+02:00'.`,
					);
				const v = parseApiTime(raw);
				if (!v)
					throw err(`Syntax error: '${raw}' at position ${pos} is not a valid DateTimeOffset.`);
				tokens.push({ t: 'time', v, pos, raw });
				i = pos + raw.length;
				continue;
			}
			DATE_ONLY_RE.lastIndex = i;
			const dm = c !== '-' ? DATE_ONLY_RE.exec(input) : null;
			if (dm)
				throw err(
					`Syntax error: the Edm.Date literal '${dm[0]}' at position ${pos} cannot be compared with a DateTimeOffset property; use a full DateTimeOffset such as '${dm[0]}T00:00:00Z'.`,
				);
			NUMBER_RE.lastIndex = i;
			const nm = NUMBER_RE.exec(input);
			if (!nm) {
				const bad = /^[^\s(),']+/.exec(input.slice(i))![0];
				throw err(
					`Syntax error: '${bad}' at position ${pos} is not a valid literal in '${input}'.`,
				);
			}
			tokens.push({ t: 'number', v: Number(nm[0]), pos, raw: nm[0] });
			i = pos + nm[0].length;
			continue;
		}
		IDENT_RE.lastIndex = i;
		const im = IDENT_RE.exec(input);
		if (im) {
			tokens.push({ t: 'ident', v: im[0], pos });
			i = pos + im[0].length;
			continue;
		}
		throw err(`Syntax error: character '${c}' is not valid at position ${pos} in '${input}'.`);
	}
	tokens.push({ t: 'eof', pos: n });
	return tokens;
}

// ---------------------------------------------------------------------------------------------
// AST

export type CompareOp = 'eq' | 'ne' | 'gt' | 'ge' | 'lt' | 'le';

export type Literal =
	| { kind: 'null' }
	| { kind: 'string'; value: string }
	| { kind: 'number'; value: number }
	| { kind: 'time'; value: ApiTime }
	| { kind: 'bool'; value: boolean };

export type FilterNode =
	| { type: 'and' | 'or'; left: FilterNode; right: FilterNode }
	| { type: 'not'; operand: FilterNode }
	| { type: 'compare'; op: CompareOp; field: FieldDef; value: Literal }
	| { type: 'in'; field: FieldDef; values: Literal[] };

const COMPARE_OPS = new Set(['eq', 'ne', 'gt', 'ge', 'lt', 'le']);
const FLIP: Record<CompareOp, CompareOp> = {
	eq: 'eq',
	ne: 'ne',
	gt: 'lt',
	ge: 'le',
	lt: 'gt',
	le: 'ge',
};
const KEYWORDS = new Set([
	'eq',
	'ne',
	'gt',
	'ge',
	'lt',
	'le',
	'and',
	'or',
	'not',
	'in',
	'null',
	'true',
	'false',
]);
const MAX_DEPTH = 100;

class Parser {
	private i = 0;
	private depth = 0;
	private readonly lookup: (name: string) => FieldDef | undefined;
	constructor(
		private readonly input: string,
		private readonly tokens: Token[],
		private readonly schema: EntitySchema = ALERT_SCHEMA,
	) {
		this.lookup = schemaLookup(schema);
	}

	private peek(): Token {
		return this.tokens[this.i];
	}
	private next(): Token {
		return this.tokens[this.i++];
	}
	private isKeyword(tok: Token, kw: string): boolean {
		return tok.t === 'ident' && tok.v === kw;
	}
	private unexpected(tok: Token, expected: string): ApiError {
		return err(
			`Syntax error at position ${tok.pos} in '${this.input}': expected ${expected} but found ${describe(tok)}.`,
		);
	}

	parse(): FilterNode {
		if (this.peek().t === 'eof') throw err(`The $filter query option is empty.`);
		const node = this.parseOr();
		const tok = this.peek();
		if (tok.t !== 'eof') throw this.unexpected(tok, "'and', 'or' or the end of the expression");
		return node;
	}

	private parseOr(): FilterNode {
		let left = this.parseAnd();
		while (this.isKeyword(this.peek(), 'or')) {
			this.next();
			left = { type: 'or', left, right: this.parseAnd() };
		}
		return left;
	}

	private parseAnd(): FilterNode {
		let left = this.parseUnary();
		while (this.isKeyword(this.peek(), 'and')) {
			this.next();
			left = { type: 'and', left, right: this.parseUnary() };
		}
		return left;
	}

	private parseUnary(): FilterNode {
		if (++this.depth > MAX_DEPTH)
			throw err(`The $filter expression is nested more than ${MAX_DEPTH} levels deep.`);
		try {
			const tok = this.peek();
			if (this.isKeyword(tok, 'not')) {
				this.next();
				return { type: 'not', operand: this.parseUnary() };
			}
			if (tok.t === 'punct' && tok.v === '(') {
				this.next();
				const inner = this.parseOr();
				const close = this.next();
				if (!(close.t === 'punct' && close.v === ')')) throw this.unexpected(close, "')'");
				return inner;
			}
			return this.parseComparison();
		} finally {
			this.depth--;
		}
	}

	private parseOperand(): { field: FieldDef; tok: Token } | { literal: Literal; tok: Token } {
		const tok = this.next();
		switch (tok.t) {
			case 'string':
				return { literal: { kind: 'string', value: tok.v }, tok };
			case 'number':
				return { literal: { kind: 'number', value: tok.v }, tok };
			case 'time':
				return { literal: { kind: 'time', value: tok.v }, tok };
			case 'ident': {
				if (tok.v === 'null') return { literal: { kind: 'null' }, tok };
				if (tok.v === 'true' || tok.v === 'false')
					return { literal: { kind: 'bool', value: tok.v === 'true' }, tok };
				if (KEYWORDS.has(tok.v)) throw this.unexpected(tok, 'a property name or a literal');
				const after = this.peek();
				if (after.t === 'punct' && after.v === '(')
					throw err(
						`Unknown or unsupported function '${tok.v}' at position ${tok.pos} in '${this.input}'. Only comparisons (eq, ne, gt, ge, lt, le, in) combined with and, or, not are supported.`,
					);
				const field = this.lookup(tok.v);
				if (!field) {
					if (KEYWORDS.has(tok.v.toLowerCase()))
						throw err(
							`Syntax error at position ${tok.pos} in '${this.input}': '${tok.v}' — OData operators are lower case ('${tok.v.toLowerCase()}').`,
						);
					throw err(
						`Could not find a property named '${tok.v}' on type '${this.schema.entity}' (position ${tok.pos}). Filterable properties: ${this.schema.fields.map((f) => f.name).join(', ')}.`,
					);
				}
				return { field, tok };
			}
			default:
				throw this.unexpected(tok, 'a property name or a literal');
		}
	}

	private parseComparison(): FilterNode {
		const left = this.parseOperand();
		const opTok = this.next();
		if ('field' in left && this.isKeyword(opTok, 'in')) {
			const open = this.next();
			if (!(open.t === 'punct' && open.v === '(')) throw this.unexpected(open, "'(' after 'in'");
			const values: Literal[] = [];
			for (;;) {
				const item = this.parseOperand();
				if (!('literal' in item)) throw this.unexpected(item.tok, "a literal in the 'in' list");
				values.push(checkLiteral(left.field, item.literal, item.tok, this.input, 'in'));
				const sep = this.next();
				if (sep.t === 'punct' && sep.v === ',') continue;
				if (sep.t === 'punct' && sep.v === ')') break;
				throw this.unexpected(sep, "',' or ')'");
			}
			return { type: 'in', field: left.field, values };
		}
		if (opTok.t !== 'ident' || !COMPARE_OPS.has(opTok.v)) {
			if (opTok.t === 'ident' && COMPARE_OPS.has(opTok.v.toLowerCase()))
				throw err(
					`Syntax error at position ${opTok.pos} in '${this.input}': unknown operator '${opTok.v}' — OData operators are lower case ('${opTok.v.toLowerCase()}').`,
				);
			throw this.unexpected(opTok, 'a comparison operator (eq, ne, gt, ge, lt, le, in)');
		}
		let op = opTok.v as CompareOp;
		const right = this.parseOperand();
		if ('field' in left && 'literal' in right) {
			return {
				type: 'compare',
				op,
				field: left.field,
				value: checkLiteral(left.field, right.literal, right.tok, this.input, op),
			};
		}
		if ('literal' in left && 'field' in right) {
			op = FLIP[op];
			return {
				type: 'compare',
				op,
				field: right.field,
				value: checkLiteral(right.field, left.literal, left.tok, this.input, op),
			};
		}
		if ('field' in left && 'field' in right)
			throw err(
				`Comparing two properties ('${left.tok.t === 'ident' ? left.tok.v : ''}' and '${right.tok.t === 'ident' ? right.tok.v : ''}' at position ${left.tok.pos}) is not supported; compare a property with a literal.`,
			);
		throw err(
			`Syntax error at position ${left.tok.pos} in '${this.input}': a comparison needs a property on one side; found two literals.`,
		);
	}
}

const EDM: Record<FieldKind, string> = {
	time: 'Edm.DateTimeOffset',
	long: 'Edm.Int64',
	string: 'Edm.String',
	enum: 'Edm.String (enum)',
};
const LIT_EDM: Record<Literal['kind'], string> = {
	null: 'null',
	string: 'Edm.String',
	number: 'Edm.Int64/Edm.Double',
	time: 'Edm.DateTimeOffset',
	bool: 'Edm.Boolean',
};

function checkLiteral(
	field: FieldDef,
	lit: Literal,
	tok: Token,
	input: string,
	op: string,
): Literal {
	if (lit.kind === 'null') return lit;
	const ok =
		(field.kind === 'time' && lit.kind === 'time') ||
		(field.kind === 'long' && lit.kind === 'number') ||
		((field.kind === 'string' || field.kind === 'enum') && lit.kind === 'string');
	if (!ok) {
		let hint = '';
		if (field.kind === 'time' && lit.kind === 'string')
			hint = ' DateTimeOffset literals are written without quotes, e.g. 2019-11-22T00:00:00Z.';
		if (field.kind !== 'time' && lit.kind === 'time') hint = " Quote string values, e.g. 'value'.";
		throw err(
			`A binary operator with incompatible types was detected. Found operand types '${EDM[field.kind]}' and '${LIT_EDM[lit.kind]}' for operator '${op}' on property '${field.name}' (${describe(tok)} at position ${tok.pos}).${hint}`,
		);
	}
	if (field.kind === 'long' && lit.kind === 'number' && !Number.isFinite(lit.value))
		throw err(`The number ${describe(tok)} at position ${tok.pos} is out of range.`);
	if (field.kind === 'enum' && lit.kind === 'string') {
		const match = field.values!.find((v) => v.toLowerCase() === lit.value.toLowerCase());
		if (!match)
			throw err(
				`The string '${lit.value}' at position ${tok.pos} is not a valid value of '${field.name}'. Allowed: ${field.values!.join(', ')}.`,
			);
	}
	void input;
	return lit;
}

/** Parses `$filter` text into an AST; throws ApiError(400, 'ODataError', …). */
export function parseFilter(input: string, schema?: EntitySchema): FilterNode {
	if (typeof input !== 'string') throw err('The $filter query option must be a string.');
	if (input.length > 100_000) throw err('The $filter query option is too long.');
	return new Parser(input, tokenize(input), schema).parse();
}

// ---------------------------------------------------------------------------------------------
// Evaluation against store records

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
function enumRanker(field: FieldDef): (v: unknown) => number {
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

// ---------------------------------------------------------------------------------------------
// $orderby, $top, $skip, $expand

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
