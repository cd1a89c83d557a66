/**
 * `npm run demo [-- --once] [-- --skip-setup]`: the whole product on one machine, offline.
 * Starts the sandbox tenant (three seeded customers), a Splunk-HEC receiver, an HTTPS raw-events
 * (CEF) receiver and an SMTP receiver; installs this package into a real n8n from its `npm pack`
 * tarball; imports the credentials and the example workflows (examples/) pointed at them; runs one
 * pass of alert-to-SIEM with `n8n execute --id`; activates e-mail routing and adds fresh alerts so
 * the trigger mails them; prints where the alerts went and leaves the editor running until Ctrl-C.
 * `--once` exits after the pass (every process stopped). The last line of a pass is
 * `DEMO_RESULT <json>` for scripts and tests.
 * When n8n cannot be provided (setup failed), the sandbox and receivers still come up and the
 * n8n part reports why.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
	credentialsFor,
	EMAIL_WORKFLOW_ID,
	readExample,
	SIEM_WORKFLOW_ID,
	siemWorkflowFor,
} from '../e2e/exampleWorkflows';
import { waitForActivationPoll } from '../e2e/executions';
import { N8nHost, nodeOutput, startN8n } from '../e2e/n8nHost';
import { hostPaths, npmPack, sleep } from '../e2e/processes';
import { startHecReceiver, HecReceiver } from '../receivers/splunkHec';
import { startSmtpReceiver, SmtpReceiver } from '../receivers/smtp';
import { startSandbox } from '../sandbox/server';
import { tlsMaterial } from '../sandbox/tls';

const ROOT = join(__dirname, '..', '..');
const once = process.argv.includes('--once');
const skipSetup = process.argv.includes('--skip-setup');
const ALERTS_IN_WINDOW = 100;
const OLDER_ALERTS = 50;
const MAIL_WAIT_MS = Number(process.env.DEMO_MAIL_WAIT_MS ?? 150000);

interface DemoResult {
	sandboxAlertsInWindow: number;
	sandboxAlertsTotal: number;
	hecEvents?: number;
	hecDistinctIds?: number;
	cefLines?: number;
	deadLetters?: number;
	mails?: string[];
	editorUrl?: string;
	n8nError?: string;
}

const log = (line = '') => process.stdout.write(`${line}\n`);

/** Epoch ms of a Defender timestamp (0–7 fractional digits). */
function epoch(ts: unknown): number {
	return Date.parse(String(ts).replace(/(\.\d{3})\d+/, '$1'));
}

function ensureN8n(): void {
	try {
		hostPaths();
		return;
	} catch (e) {
		if (skipSetup) throw e;
	}
	log('[demo] preparing the cached n8n host (bash test/e2e/setup.sh; minutes on a cold cache)…');
	execFileSync('bash', [join(ROOT, 'test', 'e2e', 'setup.sh')], { stdio: 'inherit', cwd: ROOT });
	hostPaths();
}

/** What the pass failed to deliver: every alert of the window once to HEC and as CEF, mail sent. */
function undelivered(r: DemoResult): string[] {
	if (r.n8nError) return [];
	const missing: string[] = [];
	if (r.hecEvents !== r.sandboxAlertsInWindow || r.hecDistinctIds !== r.sandboxAlertsInWindow) {
		missing.push(
			`Splunk HEC got ${r.hecEvents} events (${r.hecDistinctIds} distinct) for ${r.sandboxAlertsInWindow} alerts`,
		);
	}
	if (r.cefLines !== r.sandboxAlertsInWindow)
		missing.push(`${r.cefLines} CEF lines for ${r.sandboxAlertsInWindow} alerts`);
	if (r.deadLetters) missing.push(`${r.deadLetters} dead letters`);
	if (!r.mails?.length) missing.push('no e-mail from the alert trigger');
	return missing;
}

async function main(): Promise<number> {
	const t0 = Date.now();
	const cleanups: Array<() => Promise<void> | void> = [];
	const cleanup = async () => {
		for (const c of cleanups.reverse()) {
			try {
				await c();
			} catch (e) {
				log(`[demo] cleanup: ${(e as Error).message}`);
			}
		}
	};
	let stopping = false;
	const onSignal = () => {
		if (stopping) return;
		stopping = true;
		log('\n[demo] stopping…');
		void cleanup().then(() => process.exit(0));
	};
	process.on('SIGINT', onSignal);
	process.on('SIGTERM', onSignal);

	try {
		// 1. Sandbox tenant: older alerts (outside the flow's 10-minute window) now; the recent ones
		// just before the flow runs (seedRecent), since preparing n8n can take longer than the window.
		const sb = await startSandbox();
		cleanups.push(() => sb.stop());
		const customers = [sb.tenants.fabrikam, sb.tenants.northwind, sb.tenants.tailspin];
		/** `count` alerts per customer, timed between `fromAgo` and `toAgo` ms before now. */
		const seedEach = async (count: number, seed: number, fromAgo: number, toAgo: number) => {
			const at = (await sb.control.clock()).now;
			for (const [i, t] of customers.entries()) {
				await sb.control.seedAlerts(t.id, {
					count,
					seed: seed + i,
					startTime: at - fromAgo,
					endTime: at - toAgo,
				});
			}
		};
		await seedEach(OLDER_ALERTS, 70, 7 * 86_400_000, 86_400_000);
		const seedRecent = () => seedEach(ALERTS_IN_WINDOW, 7, 5 * 60_000, 30_000);
		log(`[demo] sandbox tenant  ${sb.origin}  (CA ${sb.caPath})`);
		log(
			`[demo]   customers: ${customers.map((t) => t.displayName).join(', ')}; ` +
				`${ALERTS_IN_WINDOW} recent + ${OLDER_ALERTS} older alerts each`,
		);

		// 2. Receivers: Splunk HEC (HTTP), raw CEF events (HTTPS, certificate from the sandbox CA), SMTP.
		const hec: HecReceiver = await startHecReceiver();
		cleanups.push(() => hec.stop());
		const tls = tlsMaterial();
		const cef: HecReceiver = await startHecReceiver({
			tls: { key: tls.keyPem, cert: tls.certPem },
		});
		cleanups.push(() => cef.stop());
		const smtp: SmtpReceiver = await startSmtpReceiver();
		cleanups.push(() => smtp.stop());
		log(`[demo] Splunk HEC receiver ${hec.url}  token ${hec.token}`);
		log(`[demo] CEF receiver        ${cef.url}/events`);
		log(`[demo] SMTP receiver       127.0.0.1:${smtp.port}`);

		const result: DemoResult = { sandboxAlertsInWindow: 0, sandboxAlertsTotal: 0 };
		const countSandbox = async (from: number, to: number) => {
			let inWindow = 0;
			let total = 0;
			for (const t of customers) {
				for (const a of await sb.control.alerts(t.id)) {
					total++;
					const u = epoch(a.lastUpdateTime);
					if (u >= from && u <= to) inWindow++;
				}
			}
			return { inWindow, total };
		};

		// 3. n8n with this package installed from its tarball.
		let host: N8nHost | undefined;
		try {
			ensureN8n();
			log('[demo] building and packing the package…');
			execFileSync('npm', ['run', '--silent', 'build'], {
				cwd: ROOT,
				stdio: ['ignore', 'ignore', 'inherit'],
			});
			const packDir = mkdtempSync(join(tmpdir(), 'demo-pack-'));
			cleanups.push(() => rmSync(packDir, { recursive: true, force: true }));
			const tarball = npmPack(ROOT, packDir);
			host = await startN8n({ packageTarball: tarball, env: { NODE_EXTRA_CA_CERTS: sb.caPath } });
			const h = host;
			cleanups.push(() => h.stop());
			await host.importCredentials(credentialsFor(sb, smtp.port));
			await host.importWorkflows([
				siemWorkflowFor(hec, cef.url),
				readExample('email-routing.json'),
			]);
		} catch (e) {
			result.n8nError = (e as Error).message.split('\n')[0];
			log(`[demo] n8n part unavailable: ${(e as Error).message}`);
			log('[demo] the sandbox and receivers above still work (see test/sandbox/README.md).');
			await seedRecent();
			const counts = await countSandbox(Date.now() - 10 * 60_000, Date.now());
			result.sandboxAlertsInWindow = counts.inWindow;
			result.sandboxAlertsTotal = counts.total;
		}

		if (host) {
			// 4. One pass of alert-to-SIEM.
			// A cold first run spends minutes installing n8n: alerts seeded at the start would have
			// aged out of the flow's 10-minute window by now (a cold demo once delivered 0 of them).
			await seedRecent();
			log(`[demo] running "${SIEM_WORKFLOW_ID}" once (n8n execute --id)…`);
			const runStart = Date.now();
			const run = await host.execute(SIEM_WORKFLOW_ID);
			const counts = await countSandbox(runStart - 10 * 60_000, Date.now());
			result.sandboxAlertsInWindow = counts.inWindow;
			result.sandboxAlertsTotal = counts.total;
			const ids = hec.events().map((e) => (e.event as { id?: string } | undefined)?.id);
			result.hecEvents = hec.events().length;
			result.hecDistinctIds = new Set(ids).size;
			result.cefLines = cef.rawLines().length;
			const dead = (name: string) =>
				run.data.resultData.runData[name] ? nodeOutput(run, name).length : 0;
			result.deadLetters = dead('Dead letter (HEC)') + dead('Dead letter (CEF)');
			log('');
			log(
				`  Splunk HEC: ${result.hecEvents} events (${result.hecDistinctIds} distinct alert ids); ` +
					`sandbox: ${counts.inWindow} alerts updated in the last 10 minutes of ${counts.total}`,
			);
			log(`  CEF:        ${result.cefLines} lines; sample:`);
			log(`    ${cef.rawLines()[0] ?? '(none)'}`);
			log(`  Dead letters: ${result.deadLetters}`);
			log('');

			// 5. E-mail routing: publish, start the server (activation polls once and starts "now"),
			// then new alerts arrive and the next poll mails them.
			await host.publishWorkflow(EMAIL_WORKFLOW_ID);
			const activatedFrom = (await sb.control.clock()).now;
			await host.start();
			result.editorUrl = host.baseUrl;
			// n8n 2.41 activates published workflows just after the editor is up; the trigger's first
			// poll sets its cursor at "now", so the new alerts come after that poll.
			await waitForActivationPoll(sb, customers.length, activatedFrom);
			const fresh = (await sb.control.clock()).now;
			await sb.control.seedAlerts(customers[0].id, {
				count: 4,
				seed: 99,
				startTime: fresh - 2000,
				endTime: fresh - 1000,
			});
			log(
				`[demo] e-mail routing is active; 4 new alerts in ${customers[0].displayName}, ` +
					`waiting for the next poll (up to ${Math.round(MAIL_WAIT_MS / 1000)} s)…`,
			);
			const deadline = Date.now() + MAIL_WAIT_MS;
			while (Date.now() < deadline && smtp.mails().length === 0) await sleep(1000);
			await sleep(3000);
			result.mails = smtp.mails().map((m) => `${m.to.join(',')}: ${m.subject}`);
			log(`  Mails: ${result.mails.length}`);
			for (const m of result.mails) log(`    ${m}`);
			log('');
		}

		log(`[demo] pass finished in ${Math.round((Date.now() - t0) / 1000)} s`);
		const missing = undelivered(result);
		if (missing.length > 0) log(`[demo] NOT everything arrived: ${missing.join('; ')}.`);
		log(`DEMO_RESULT ${JSON.stringify(result)}`);
		if (once) {
			await cleanup();
			return result.n8nError ? 2 : missing.length > 0 ? 3 : 0;
		}
		log(
			host
				? `\nn8n editor: ${host.baseUrl}  (create the owner account on first visit). Ctrl-C stops everything.`
				: '\nSandbox and receivers are up. Ctrl-C stops everything.',
		);
		await new Promise<never>(() => undefined);
		return 0;
	} catch (e) {
		log(`[demo] failed: ${(e as Error).stack ?? String(e)}`);
		await cleanup();
		return 1;
	}
}

main().then((code) => process.exit(code));
