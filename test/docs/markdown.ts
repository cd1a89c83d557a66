/**
 * Just enough Markdown reading to check the docs: headings as GitHub turns them into anchors,
 * links and images outside code, and fenced blocks. Not a renderer — the docs use plain
 * CommonMark constructs, and anything fancier would show up as a failing link check.
 */

export interface MdLink {
	line: number;
	target: string;
	image: boolean;
	text: string;
}

export interface MdFence {
	/** 1-based line of the opening fence. */
	line: number;
	content: string;
}

/** The text with fenced code blocks blanked (kept as empty lines so line numbers stay right). */
function withoutFences(markdown: string): string[] {
	let inFence = false;
	return markdown.split('\n').map((line) => {
		if (/^\s*(```|~~~)/.test(line)) {
			inFence = !inFence;
			return '';
		}
		return inFence ? '' : line;
	});
}

/** GitHub's heading anchor: rendered text, lower case, punctuation dropped, spaces to hyphens. */
export function slug(heading: string): string {
	const text = heading
		.replace(/!?\[([^\]]*)\]\([^)]*\)/g, '$1')
		.replace(/<[^>]+>/g, '')
		.replace(/[`*]/g, '')
		.trim()
		.toLowerCase();
	return text.replace(/[^\p{L}\p{N}\p{M}\p{Pc} -]/gu, '').replace(/ /g, '-');
}

/** Every anchor a file offers: heading slugs (numbered like GitHub when repeated) and `<a id>`s. */
export function anchors(markdown: string): Set<string> {
	const seen = new Map<string, number>();
	const out = new Set<string>();
	for (const line of withoutFences(markdown)) {
		const heading = /^#{1,6}\s+(.*?)\s*#*\s*$/.exec(line);
		if (heading) {
			const base = slug(heading[1]);
			const n = seen.get(base) ?? 0;
			seen.set(base, n + 1);
			out.add(n === 0 ? base : `${base}-${n}`);
		}
		for (const m of line.matchAll(/<a\s+(?:id|name)="([^"]+)"/g)) out.add(m[1]);
	}
	return out;
}

/** Inline links and images (`[t](x)`, `![alt](x "title")`) outside code blocks and code spans. */
export function links(markdown: string): MdLink[] {
	const out: MdLink[] = [];
	withoutFences(markdown).forEach((raw, index) => {
		const line = raw.replace(/`[^`]*`/g, '``');
		for (const m of line.matchAll(
			/(!?)\[((?:[^\]]|\\\])*)\]\(\s*<?([^)\s>]+)>?(?:\s+"[^"]*")?\s*\)/g,
		)) {
			out.push({ line: index + 1, image: m[1] === '!', text: m[2], target: m[3] });
		}
		for (const m of line.matchAll(/<img\s[^>]*src="([^"]+)"[^>]*>/g)) {
			const alt = /alt="([^"]*)"/.exec(m[0]);
			out.push({ line: index + 1, image: true, text: alt ? alt[1] : '', target: m[1] });
		}
	});
	return out;
}

/** Fenced code blocks preceded (on the line before the fence) by `<!-- <key>: <value> -->`. */
export function markedFences(markdown: string, key: string): Array<MdFence & { value: string }> {
	const lines = markdown.split('\n');
	const out: Array<MdFence & { value: string }> = [];
	const marker = new RegExp(`^<!--\\s*${key}:\\s*(\\S+)\\s*-->$`);
	for (let i = 0; i < lines.length; i++) {
		const m = marker.exec(lines[i].trim());
		if (!m) continue;
		const open = i + 1;
		if (!/^```/.test(lines[open] ?? '')) {
			out.push({ line: i + 1, value: m[1], content: '<no fenced block after the marker>' });
			continue;
		}
		let close = open + 1;
		while (close < lines.length && !/^```\s*$/.test(lines[close])) close++;
		const body = lines.slice(open + 1, close);
		out.push({ line: open + 1, value: m[1], content: body.length ? `${body.join('\n')}\n` : '' });
	}
	return out;
}

/**
 * Table rows whose cell count differs from their header's. GitHub splits a row on every `|` not
 * escaped as `\|` — also inside a code span — so `CEF:0|…` in a cell silently breaks the table.
 */
export function brokenTableRows(markdown: string): number[] {
	const broken: number[] = [];
	let header: number | undefined;
	withoutFences(markdown).forEach((raw, index) => {
		const line = raw.trim();
		if (!line.startsWith('|')) {
			header = undefined;
			return;
		}
		const inner = line.slice(1, line.endsWith('|') && !line.endsWith('\\|') ? -1 : undefined);
		const cells = inner.split(/(?<!\\)\|/).length;
		if (header === undefined) header = cells;
		else if (cells !== header) broken.push(index + 1);
	});
	return broken;
}
