/**
 * A strict CEF:0 reader written from the spec, independent of the formatter: header escapes `\\`
 * and `\|` only, extension escapes `\\`, `\=`, `\n`, `\r` only, no unescaped `=` in a value, no
 * raw line breaks or control characters anywhere. Throws on anything else.
 */
export interface ParsedCef {
	header: string[]; // vendor, product, version, class id, name, severity
	ext: Record<string, string>;
	keys: string[];
}

const KEY_AHEAD = /^[A-Za-z0-9_]+=/;

export function parseCef(line: string): ParsedCef {
	if (!line.startsWith('CEF:0|')) throw new Error('does not start with CEF:0|');
	// eslint-disable-next-line no-control-regex
	if (/[\x00-\x1f\x7f]/.test(line)) throw new Error('raw control character in the line');
	let i = 6;
	const header: string[] = [];
	let cur = '';
	while (header.length < 6) {
		if (i >= line.length) throw new Error('header ended early');
		const c = line[i];
		if (c === '\\') {
			const n = line[i + 1];
			if (n !== '\\' && n !== '|') throw new Error(`invalid header escape \\${n}`);
			cur += n;
			i += 2;
		} else if (c === '|') {
			header.push(cur);
			cur = '';
			i++;
		} else {
			cur += c;
			i++;
		}
	}
	const ext: Record<string, string> = {};
	const keys: string[] = [];
	const rest = line.slice(i);
	let p = 0;
	while (rest[p] === ' ') p++; // spaces before the first key are allowed
	while (p < rest.length) {
		const m = KEY_AHEAD.exec(rest.slice(p, p + 64));
		if (m === null) throw new Error(`expected key=value at "${rest.slice(p, p + 20)}"`);
		const key = m[0].slice(0, -1);
		p += m[0].length;
		let value = '';
		while (p < rest.length) {
			const c = rest[p];
			if (c === '\\') {
				const n = rest[p + 1];
				if (n === '\\' || n === '=') value += n;
				else if (n === 'n') value += '\n';
				else if (n === 'r') value += '\r';
				else throw new Error(`invalid extension escape \\${n} in ${key}`);
				p += 2;
			} else if (c === '=') {
				throw new Error(`unescaped = in the value of ${key}`);
			} else if (c === ' ' && KEY_AHEAD.test(rest.slice(p + 1, p + 65))) {
				p++;
				break;
			} else {
				value += c;
				p++;
			}
		}
		if (key in ext) throw new Error(`duplicate key ${key}`);
		ext[key] = value;
		keys.push(key);
	}
	return { header, ext, keys };
}

/** The spec's maximum length per extension key (characters). */
export function cefLimit(key: string): number {
	if (/^cs\dLabel$|^cn\dLabel$|Label$/.test(key)) return 1023;
	if (/^cs\d$/.test(key)) return 4000;
	const limits: Record<string, number> = {
		externalId: 40,
		sntdom: 255,
		sourceDnsDomain: 255,
		fileHash: 255,
		deviceExternalId: 255,
		src: 15,
	};
	return limits[key] ?? 1023;
}

/** Inserts the one space liblognorm ≤ 2.0.6 needs after the 7th unescaped pipe. */
export function withSpaceAfterHeader(line: string): string {
	let pipes = 0;
	for (let i = 0; i < line.length; i++) {
		if (line[i] === '\\') i++;
		else if (line[i] === '|' && ++pipes === 7)
			return line.slice(0, i + 1) + ' ' + line.slice(i + 1);
	}
	return line;
}
