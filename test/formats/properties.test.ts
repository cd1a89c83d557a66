/**
 * Property tests: thousands of hostile alerts (seeded, reproducible) through every format; each
 * must return a valid value of its kind and never throw.
 */
import {
	OUTPUT_FORMAT_OPTIONS,
	SENTINEL_COLUMNS,
	buildEmailDigest,
	buildHecBatch,
	formatAlert,
	formatCef,
	formatEcs,
	formatEmail,
	formatLeef,
	formatSentinel,
	formatSplunkHec,
	formatSyslogCef,
	formatSyslogLeef,
	hecLine,
	octetFrame,
	type FormatContext,
} from '../../nodes/shared/formats';
import { cefLimit, parseCef, withSpaceAfterHeader } from './cefParser';
import { fuzzAlerts, nastyString, prng } from './fuzz';

const SEED = Number(process.env.FORMATS_FUZZ_SEED ?? 20260707);
const COUNT = Number(process.env.FORMATS_FUZZ_COUNT ?? 2000);
jest.setTimeout(900_000);
const alerts = fuzzAlerts(SEED, COUNT);
const r = prng(SEED + 1);
const contexts: FormatContext[] = alerts.map((_, i) =>
	i % 7 === 0
		? {
				tenantId: nastyString(r),
				tenantLabel: nastyString(r),
				options: { syslogHostname: nastyString(r) },
			}
		: {
				tenantId: '43521344-d66c-4c7e-9e30-40034eb7c6f3',
				tenantLabel: i % 2 ? 'Contoso' : undefined,
			},
);

// eslint-disable-next-line no-control-regex
const CONTROL = /[\x00-\x1f\x7f]/;
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

function each(fn: (alert: unknown, ctx: FormatContext, i: number) => void): void {
	alerts.forEach((a, i) => {
		try {
			fn(a, contexts[i], i);
		} catch (error) {
			throw new Error(
				`alert #${i} (seed ${SEED}): ${(error as Error).message.slice(0, 2000)}\n${JSON.stringify(a)?.slice(0, 500)}`,
			);
		}
	});
}

describe(`formats on ${alerts.length} generated alerts (seed ${SEED})`, () => {
	test('CEF is strict-spec valid, within every length limit', () => {
		each((a, ctx) => {
			const line = formatCef(a, ctx);
			expect(LONE_SURROGATE.test(line)).toBe(false);
			const p = parseCef(line);
			const [vendor, product, version, cls, name, sev] = p.header;
			expect(vendor.length).toBeLessThanOrEqual(63);
			expect(product.length).toBeLessThanOrEqual(63);
			expect(version.length).toBeLessThanOrEqual(31);
			expect(cls.length).toBeLessThanOrEqual(1023);
			expect(name.length).toBeGreaterThan(0);
			expect(name.length).toBeLessThanOrEqual(512);
			expect(Number(sev)).toBeGreaterThanOrEqual(0);
			expect(Number(sev)).toBeLessThanOrEqual(10);
			for (const k of p.keys) {
				expect(p.ext[k].length).toBeLessThanOrEqual(cefLimit(k));
				expect(p.ext[k]).not.toBe('');
			}
			for (const k of ['rt', 'start', 'end', 'deviceCustomDate1']) {
				if (k in p.ext) expect(p.ext[k]).toMatch(/^-?\d+$/);
			}
			// Every custom value carries its label.
			for (const k of p.keys.filter((x) =>
				/^(cs\d|cn\d|flexString\d|deviceCustomDate\d)$/.test(x),
			)) {
				expect(p.ext[k + 'Label']).toBeTruthy();
			}
			const spaced = formatCef(a, {
				...ctx,
				options: { ...ctx.options, cefSpaceBeforeExtension: true },
			});
			expect(spaced).toBe(withSpaceAfterHeader(line));
		});
	});

	test('LEEF 2.0 has its header, one line, key=value attributes, sev 1-10', () => {
		each((a, ctx) => {
			const line = formatLeef(a, ctx);
			expect(CONTROL.test(line.replace(/\t/g, ''))).toBe(false);
			const parts = line.split('|');
			expect(parts[0]).toBe('LEEF:2.0');
			expect(parts[5]).toBe('x09');
			expect(parts.length).toBeGreaterThanOrEqual(7);
			const attrs = line.slice(parts.slice(0, 6).join('|').length + 1).split('\t');
			const seen: Record<string, string> = {};
			for (const kv of attrs) {
				const eq = kv.indexOf('=');
				expect(eq).toBeGreaterThan(0);
				expect(kv.slice(0, eq)).toMatch(/^[A-Za-z][A-Za-z0-9]*$/);
				seen[kv.slice(0, eq)] = kv.slice(eq + 1);
			}
			expect(Number(seen.sev)).toBeGreaterThanOrEqual(1);
			expect(Number(seen.sev)).toBeLessThanOrEqual(10);
			if (seen.devTime !== undefined)
				expect(seen.devTime).toMatch(/^[A-Z][a-z]{2} \d\d \d{4} \d\d:\d\d:\d\d\.\d{3} UTC$/);
		});
	});

	test('Splunk HEC envelopes serialise, carry a non-blank event and flat string fields', () => {
		each((a, ctx) => {
			const env = formatSplunkHec(a, ctx);
			const back = JSON.parse(hecLine(env));
			expect(back.sourcetype).toBe('ms:defender:atp:alerts');
			expect(typeof back.event).toBe('object');
			if (back.time !== undefined) expect(Number.isFinite(back.time)).toBe(true);
			for (const v of Object.values(back.fields)) expect(typeof v).toBe('string');
			for (const k of ['host', 'source', 'index'])
				if (back[k] !== undefined) expect(CONTROL.test(back[k])).toBe(false);
		});
		const body = buildHecBatch(
			alerts.slice(0, 50).map((alert, i) => ({ alert, context: contexts[i] })),
		);
		expect(body.startsWith('{')).toBe(true);
		expect(body.includes('}{')).toBe(true);
	});

	test('ECS documents have the required fields with valid types', () => {
		each((a, ctx) => {
			const doc = JSON.parse(JSON.stringify(formatEcs(a, ctx)));
			expect(doc.event.kind).toBe('alert');
			expect([21, 47, 73, 99]).toContain(doc.event.severity);
			expect(Number.isNaN(Date.parse(doc['@timestamp']))).toBe(false);
			for (const k of ['created', 'start', 'end']) {
				if (doc.event[k] !== undefined) expect(Number.isNaN(Date.parse(doc.event[k]))).toBe(false);
			}
			if (doc.event.duration !== undefined) expect(Number.isInteger(doc.event.duration)).toBe(true);
			for (const ip of doc.related?.ip ?? []) expect(ip).toMatch(/^[0-9a-fA-F:.]+$/);
			if (doc.process?.pid !== undefined) expect(Number.isInteger(doc.process.pid)).toBe(true);
			if (doc.threat?.technique?.id !== undefined)
				expect(Array.isArray(doc.threat.technique.id)).toBe(true);
		});
	});

	test('Sentinel records only use declared columns, each with its declared type', () => {
		each((a, ctx) => {
			const rec = JSON.parse(JSON.stringify(formatSentinel(a, ctx)));
			expect(rec.TimeGenerated).toBeDefined();
			for (const [k, v] of Object.entries(rec)) {
				const type = SENTINEL_COLUMNS[k];
				expect([k, type]).toEqual([k, expect.any(String)]);
				if (type === 'datetime') expect(v).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d{1,7})?Z$/);
				if (type === 'long') expect(Number.isSafeInteger(v)).toBe(true);
				if (type === 'string') expect(typeof v).toBe('string');
				if (type === 'dynamic') expect(typeof v).toBe('object');
			}
		});
	});

	test('RFC 5424 lines have a valid header and an exact octet count', () => {
		const HEADER =
			/^<(\d{1,3})>1 (-|\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d{1,6})?Z) ([\x21-\x7e]{1,255}) ([\x21-\x7e]{1,48}) ([\x21-\x7e]{1,128}) ([\x21-\x7e]{1,32}) (-|\[[^ =\]"]{1,32}( [^ =\]"]{1,32}="(\\["\\\]]|[^"\\\]])*")*\]) /;
		each((a, ctx) => {
			for (const line of [formatSyslogCef(a, ctx), formatSyslogLeef(a, ctx)]) {
				const m = HEADER.exec(line);
				expect(m).not.toBeNull();
				expect(Number(m![1])).toBeLessThanOrEqual(191);
				expect(CONTROL.test(line.replace(/\t/g, ''))).toBe(false);
				const frame = octetFrame(line);
				const len = Number(frame.slice(0, frame.indexOf(' ')));
				expect(len).toBe(Buffer.byteLength(line, 'utf8'));
			}
		});
	});

	test('email: one-line subject, HTML without live markup from alert values', () => {
		each((a, ctx) => {
			const m = formatEmail(a, ctx);
			expect(CONTROL.test(m.subject)).toBe(false);
			expect(m.subject.length).toBeLessThanOrEqual(200);
			expect(m.html).not.toMatch(/<script|<img|<[^>]*\son\w+=/i);
			expect(m.html.startsWith('<!DOCTYPE html>')).toBe(true);
			expect(typeof m.text).toBe('string');
		});
		const digest = buildEmailDigest(
			alerts.slice(0, 300).map((alert, i) => ({ alert, ...contexts[i] })),
		);
		expect(digest.count).toBe(300);
		expect(digest.html).not.toMatch(/<script|<img|<[^>]*\son\w+=/i);
	});

	test('the registry covers every format and never throws', () => {
		for (const { value } of OUTPUT_FORMAT_OPTIONS) {
			each((a, ctx) => {
				const out = formatAlert(value, a, ctx);
				expect(out).toBeTruthy();
			});
		}
	});
});
