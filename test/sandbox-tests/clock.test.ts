/**
 * The sandbox clock as clients see it: every response's `Date` header (identity, API, errors,
 * faults) is the sandbox time, a sandbox can start with its clock behind or ahead of the machine's
 * (`clockOffsetMs`, `npm run sandbox -- --clock-offset-ms N`), and control `reset` returns to it.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { clientCredentials, HttpResult, sandboxHttp } from '../sandbox/client';
import { startSandbox, Sandbox } from '../sandbox/server';
import { appToken, bearer, decodeJwt, http } from './helpers';

const HOUR = 3_600_000;
const IMF_FIXDATE =
	/^(Mon|Tue|Wed|Thu|Fri|Sat|Sun), \d\d (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) \d{4} \d\d:\d\d:\d\d GMT$/;

/** The response's Date header in epoch ms, after checking its format. */
function dateOf(r: HttpResult): number {
	const d = String(r.headers.date);
	expect(d).toMatch(IMF_FIXDATE);
	return Date.parse(d);
}

/** `date` (1 s resolution) lies within [before, after] of the sandbox clock around the request. */
function expectWithin(date: number, before: number, after: number): void {
	expect(date).toBeGreaterThanOrEqual(Math.floor(before / 1000) * 1000);
	expect(date).toBeLessThanOrEqual(after);
}

describe('Date header from the sandbox clock', () => {
	let sb: Sandbox;
	let req: ReturnType<typeof http>;
	beforeAll(async () => {
		sb = await startSandbox();
		req = http(sb);
	});
	afterAll(async () => {
		await sb.stop();
	});

	test('identity, API, errors, faults and control answers carry the sandbox time, not the machine time', async () => {
		const fab = sb.tenants.fabrikam.id;
		await sb.control.advanceClock(3 * 24 * HOUR);
		const tok = await appToken(sb, fab);
		await sb.control.addFault({ kind: '503', pathPrefix: '/api/alerts', count: 1 });
		const calls: Array<() => Promise<HttpResult>> = [
			() => req('GET', `/${fab}/v2.0/.well-known/openid-configuration`),
			() =>
				clientCredentials(
					sb.origin,
					sb.caPem,
					fab,
					sb.credentials.clientId,
					sb.credentials.clientSecret,
				),
			() => clientCredentials(sb.origin, sb.caPem, fab, sb.credentials.clientId, 'wrong'),
			() => req('GET', '/api/alerts?$top=1', { headers: bearer(tok) }),
			() => req('GET', '/api/alerts?$top=1', { headers: bearer(tok) }),
			() => req('GET', '/api/alerts'),
			() => req('GET', '/nothing-here'),
			() => req('GET', '/_sandbox/clock'),
		];
		const statuses: number[] = [];
		for (const call of calls) {
			const before = sb.clock.now();
			const r = await call();
			statuses.push(r.status);
			const date = dateOf(r);
			expectWithin(date, before, sb.clock.now());
			expect(date - Date.now()).toBeGreaterThan(3 * 24 * HOUR - 5000);
		}
		expect(statuses).toEqual([200, 200, 401, 503, 200, 401, 404, 200]);
	});
});

describe('initial clock offset', () => {
	test('startSandbox({ clockOffsetMs: -2 h }): Date, token times and clock() are 2 h behind; reset returns there', async () => {
		const sb = await startSandbox({ clockOffsetMs: -2 * HOUR });
		try {
			const req = http(sb);
			const before = sb.clock.now();
			expect(Date.now() - before).toBeGreaterThanOrEqual(2 * HOUR - 1000);
			const r = await req(
				'GET',
				`/${sb.tenants.fabrikam.id}/v2.0/.well-known/openid-configuration`,
			);
			expectWithin(dateOf(r), before, sb.clock.now());
			const iat = decodeJwt(await appToken(sb, sb.tenants.fabrikam.id)).iat * 1000;
			expect(Math.abs(iat - sb.clock.now())).toBeLessThan(5000);
			expect((await sb.control.clock()).offsetMs).toBe(-2 * HOUR);
			await expect(sb.control.advanceClock(-1)).rejects.toThrow(/only moves forward/);
			await sb.control.advanceClock(HOUR);
			expect((await sb.control.clock()).offsetMs).toBe(-HOUR);
			await sb.control.reset();
			expect((await sb.control.clock()).offsetMs).toBe(-2 * HOUR);
		} finally {
			await sb.stop();
		}
	});

	test("npm run sandbox -- --clock-offset-ms: the CLI starts the clock off the machine's", async () => {
		const caDir = mkdtempSync(join(tmpdir(), 'sandbox-cli-clock-'));
		const cli = join(__dirname, '../sandbox/cli.ts');
		const child = spawn(
			process.execPath,
			[
				require.resolve('ts-node/dist/bin.js'),
				'--transpile-only',
				cli,
				'--json',
				'--count',
				'0',
				'--ca-dir',
				caDir,
				'--clock-offset-ms',
				String(-HOUR),
			],
			{ stdio: ['ignore', 'pipe', 'pipe'] },
		);
		try {
			const info = await new Promise<{ origin: string; caPath: string; clockOffsetMs: number }>(
				(resolve, reject) => {
					let out = '';
					let err = '';
					child.stdout.on('data', (c: Buffer) => {
						out += c.toString('utf8');
						if (out.includes('\n')) resolve(JSON.parse(out.split('\n')[0]));
					});
					child.stderr.on('data', (c: Buffer) => {
						err += c.toString('utf8');
					});
					child.on('exit', (code) => reject(new Error(`sandbox CLI exited (${code}): ${err}`)));
				},
			);
			expect(info.clockOffsetMs).toBe(-HOUR);
			const r = await sandboxHttp(
				info.origin,
				readFileSync(info.caPath, 'utf8'),
				'GET',
				'/_sandbox/clock',
			);
			expect(r.json.offsetMs).toBe(-HOUR);
			expect(Date.now() - dateOf(r)).toBeGreaterThanOrEqual(HOUR - 1000);
			expect(Date.now() - dateOf(r)).toBeLessThan(HOUR + 10_000);
		} finally {
			if (child.exitCode === null && child.signalCode === null) {
				const exited = new Promise((resolve) => child.once('exit', resolve));
				child.kill('SIGTERM');
				await exited;
			}
			rmSync(caDir, { recursive: true, force: true });
		}
	}, 60_000);
});
