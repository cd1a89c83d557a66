/**
 * The recursive-descent `$filter` parser: tokens → AST, each literal checked against its
 * property's type as Microsoft's OData library checks it.
 */
import { ApiError } from '../errors';
import type { ApiTime } from '../time';
import { ALERT_SCHEMA, err, schemaLookup } from './fields';
import type { EntitySchema, FieldDef, FieldKind } from './fields';
import { describe, tokenize } from './lexer';
import type { Token } from './lexer';

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
