/**
 * The README and docs/ are the product's manual: a new MSSP engineer follows them from zero to
 * alerts in a SIEM, so a dead link, a missing image or a stale example is a bug. Checks every
 * relative link and image (the file exists; images have alt text), every `#anchor` (a heading of
 * the target file), and that each output-format example marked `<!-- golden: … -->` is still
 * byte-identical to the formats suite's golden file (those are pinned by test/formats/golden.test.ts
 * against the real formatters).
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';

import { anchors, brokenTableRows, links, markedFences, slug } from './markdown';

const ROOT = resolve(__dirname, '..', '..');

function docs(): string[] {
	const files = [join(ROOT, 'README.md')];
	for (const name of readdirSync(join(ROOT, 'docs'))) {
		if (name.endsWith('.md')) files.push(join(ROOT, 'docs', name));
	}
	for (const node of readdirSync(join(ROOT, 'nodes'))) {
		const readme = join(ROOT, 'nodes', node, 'README.md');
		if (existsSync(readme)) files.push(readme);
	}
	return files;
}

const read = (file: string) => readFileSync(file, 'utf8');
const rel = (file: string) => relative(ROOT, file);

describe('markdown helpers', () => {
	test('anchors follow GitHub: punctuation dropped, spaces kept as hyphens, repeats numbered', () => {
		expect(slug('Alert → Get Many')).toBe('alert--get-many');
		expect(slug('LEEF 2.0')).toBe('leef-20');
		expect(slug('Microsoft Defender MSSP App API (`defenderMsspAppApi`)')).toBe(
			'microsoft-defender-mssp-app-api-defendermsspappapi',
		);
		expect([...anchors('# A\n## A\n```\n# not a heading\n```\n')]).toEqual(['a', 'a-1']);
	});

	test('a pipe inside a code span splits a table cell unless escaped', () => {
		const table = '| a | b |\n|---|---|\n| `x\\|y` | 1 |\n| `x|y` | 2 |\n';
		expect(brokenTableRows(table)).toEqual([4]);
	});

	test('links inside code are not links; images keep their alt text', () => {
		const found = links(
			'See [x](a.md#b) and `[y](nope.md)`.\n```\n[z](nope.md)\n```\n![Alt](i.png)\n',
		);
		expect(found.map((l) => [l.target, l.image, l.text])).toEqual([
			['a.md#b', false, 'x'],
			['i.png', true, 'Alt'],
		]);
	});
});

describe.each(docs().map((file) => [rel(file), file] as const))('%s', (_name, file) => {
	const text = read(file);

	test('every relative link and image points at a file, and every #anchor at a heading', () => {
		const broken: string[] = [];
		for (const link of links(text)) {
			if (/^[a-z][a-z0-9+.-]*:/i.test(link.target)) continue;
			const [path, anchor] = link.target.split('#', 2);
			const target = path === '' ? file : resolve(dirname(file), decodeURIComponent(path));
			const where = `${rel(file)}:${link.line} ${link.target}`;
			if (!existsSync(target)) {
				broken.push(`${where}: ${rel(target)} does not exist`);
				continue;
			}
			if (link.image && link.text.trim() === '') broken.push(`${where}: image without alt text`);
			if (anchor === undefined) continue;
			if (!target.endsWith('.md') || statSync(target).isDirectory()) {
				broken.push(`${where}: an anchor into a file that is not Markdown`);
			} else if (!anchors(read(target)).has(anchor)) {
				broken.push(`${where}: no heading "#${anchor}" in ${rel(target)}`);
			}
		}
		expect(broken).toEqual([]);
	});

	test('every table row has as many cells as its header', () => {
		expect(brokenTableRows(text).map((line) => `${rel(file)}:${line}`)).toEqual([]);
	});

	test('each image is shown once', () => {
		const images = links(text)
			.filter((l) => l.image)
			.map((l) => l.target);
		expect(images.filter((target, i) => images.indexOf(target) !== i)).toEqual([]);
	});
});

test('every output-format example in docs/formats.md is its golden file, byte for byte', () => {
	const examples = markedFences(read(join(ROOT, 'docs', 'formats.md')), 'golden');
	// CEF, LEEF, both syslog variants, HEC, ECS, Sentinel, email subject and text.
	expect(examples.length).toBeGreaterThanOrEqual(9);
	for (const example of examples) {
		const golden = join(ROOT, example.value);
		expect(existsSync(golden)).toBe(true);
		// Tabs are written as <TAB> in the docs so the LEEF separators are visible.
		expect({ at: example.line, text: example.content.replace(/<TAB>/g, '\t') }).toEqual({
			at: example.line,
			text: read(golden),
		});
	}
});
