/**
 * The `$filter` tokenizer: identifiers, quoted strings, numbers, unquoted DateTimeOffset
 * literals and punctuation, each with its 0-based position.
 */
import { parseApiTime, type ApiTime } from '../time';
import { err } from './fields';

export type Token =
	| { t: 'ident'; v: string; pos: number }
	| { t: 'string'; v: string; pos: number; raw: string }
	| { t: 'number'; v: number; pos: number; raw: string }
	| { t: 'time'; v: ApiTime; pos: number; raw: string }
	| { t: 'punct'; v: '(' | ')' | ','; pos: number }
	| { t: 'eof'; pos: number };

export function describe(tok: Token): string {
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
