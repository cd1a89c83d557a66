/**
 * Formatting throughput on the hot path: CEF, LEEF, ECS, Splunk HEC (serialised, as sent),
 * Sentinel and syslog for 100,000 realistic alerts (the sandbox generator), next to
 * `JSON.stringify` of the same alerts — the natural lower bound of "turn an alert into bytes".
 * Target: every format within 3x of it. Passes are interleaved chunk by chunk and averaged over rounds.
 *   npm run bench:formats  [-- --count 100000 --rounds 3]   (also the last part of `npm run bench`)
 */
import type { DefenderAlert } from '../../nodes/shared/alerts/types';
import {
	formatCef,
	formatEcs,
	formatLeef,
	formatSentinel,
	formatSplunkHec,
	formatSyslogCef,
	hecLine,
	type FormatContext,
} from '../../nodes/shared/formats';
import { generateAlerts } from '../sandbox/defender/generator';

function arg(name: string, fallback: number): number {
	const i = process.argv.indexOf('--' + name);
	return i > 0 ? Number(process.argv[i + 1]) : fallback;
}

const COUNT = arg('count', 100_000);
const ROUNDS = arg('rounds', 3);
const ctx: FormatContext = {
	tenantId: '43521344-d66c-4c7e-9e30-40034eb7c6f3',
	tenantLabel: 'Contoso',
};

let alerts: DefenderAlert[] = generateAlerts({
	seed: 7,
	count: COUNT,
	tenantId: ctx.tenantId,
	startTime: Date.UTC(2026, 0, 1),
	endTime: Date.UTC(2026, 1, 1),
});
if (alerts.length < COUNT) {
	throw new Error(`the sandbox generator returned ${alerts.length} alerts, expected ${COUNT}`);
}
alerts = alerts.slice(0, COUNT);

let sink = 0;
const passes: Array<[string, (a: DefenderAlert) => void]> = [
	['JSON.stringify', (a) => (sink += JSON.stringify(a).length)],
	['cef', (a) => (sink += formatCef(a, ctx).length)],
	['leef', (a) => (sink += formatLeef(a, ctx).length)],
	['ecs', (a) => (sink += JSON.stringify(formatEcs(a, ctx)).length)],
	['hec', (a) => (sink += hecLine(formatSplunkHec(a, ctx)).length)],
	['sentinel', (a) => (sink += JSON.stringify(formatSentinel(a, ctx)).length)],
	['syslogCef', (a) => (sink += formatSyslogCef(a, ctx).length)],
];

// Passes are interleaved in small chunks so that a busy machine slows every pass alike (the
// ratios stay meaningful even when absolute numbers do not); the sum over all rounds is reported.
const CHUNK = 500;
const total: Record<string, number> = {};
for (let round = 0; round < ROUNDS; round++) {
	for (let start = 0; start < alerts.length; start += CHUNK) {
		const end = Math.min(alerts.length, start + CHUNK);
		for (const [name, fn] of passes) {
			const t0 = process.hrtime.bigint();
			for (let i = start; i < end; i++) fn(alerts[i]);
			total[name] = (total[name] ?? 0) + Number(process.hrtime.bigint() - t0) / 1e9;
		}
	}
}
const best: Record<string, number> = {};
for (const [name] of passes) best[name] = total[name] / ROUNDS;

const base = best['JSON.stringify'];
console.log(
	`formats bench: ${COUNT} alerts, mean of ${ROUNDS} interleaved rounds (ops/s, ratio to JSON.stringify)`,
);
for (const [name] of passes) {
	const ops = Math.round(COUNT / best[name]);
	console.log(
		`  ${name.padEnd(15)} ${String(ops).padStart(10)} ops/s  ${(best[name] / base).toFixed(2)}x`,
	);
}
const x = (n: string) => (best[n] / base).toFixed(2);
const worst = Math.max(...passes.map(([n]) => best[n] / base));
console.log(
	`bench: format alerts=${COUNT} json_per_s=${Math.round(COUNT / base)} cef_x=${x('cef')} leef_x=${x('leef')} ` +
		`ecs_x=${x('ecs')} hec_x=${x('hec')} sentinel_x=${x('sentinel')} syslog_cef_x=${x('syslogCef')} ` +
		`max_x=${worst.toFixed(2)} (time relative to JSON.stringify)`,
);
if (sink === 0) console.log('(nothing formatted)');
