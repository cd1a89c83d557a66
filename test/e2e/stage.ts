/**
 * The boot every example suite does the same way: the sandbox tenant, an SMTP receiver, a real n8n
 * with the packed package trusting the sandbox's CA, the example credentials, the workflows, the
 * owner and API key, and each workflow activated with its first poll waited for. A suite says only
 * what is its own (what to seed, which workflows, which to activate).
 */
import { startSmtpReceiver } from '../receivers/smtp';
import type { SmtpReceiver } from '../receivers/smtp';
import { startSandbox } from '../sandbox/server';
import type { Sandbox } from '../sandbox/server';
import { credentialsFor } from './exampleWorkflows';
import { waitForActivationPoll } from './executions';
import { startN8n } from './n8nHost';
import type { N8nHost, N8nWorkflow } from './n8nHost';
import { packageTarball } from './packageUnderTest';

export interface ExampleStageOptions {
	/** Runs on the fresh sandbox before n8n starts (seed history, register redirect URIs). */
	prepare?: (sb: Sandbox) => Promise<void> | void;
	/** The workflows to import; given the host, for what depends on its port. */
	workflows: (host: N8nHost) => N8nWorkflow[];
	/** Workflows to activate, in order; `polls` trigger polls are waited for after each. */
	activate?: Array<{ id: string; polls?: number }>;
}

export interface ExampleStage {
	sb: Sandbox;
	smtp: SmtpReceiver;
	host: N8nHost;
	/** Stops n8n, then the receivers and the sandbox; safe after a failed start. */
	stop(): Promise<void>;
}

export async function startExampleStage(options: ExampleStageOptions): Promise<ExampleStage> {
	const sb = await startSandbox();
	let smtp: SmtpReceiver | undefined;
	let host: N8nHost | undefined;
	const stop = async () => {
		await host?.stop();
		await Promise.all([smtp?.stop(), sb.stop()]);
	};
	try {
		await options.prepare?.(sb);
		smtp = await startSmtpReceiver();
		host = await startN8n({
			packageTarball: packageTarball(),
			env: { NODE_EXTRA_CA_CERTS: sb.caPath },
		});
		await host.importCredentials(credentialsFor(sb, smtp.port));
		for (const workflow of options.workflows(host)) await host.importWorkflow(workflow);
		await host.start();
		await host.setupOwnerAndApiKey();
		for (const { id, polls } of options.activate ?? []) {
			const activatedFrom = (await sb.control.clock()).now;
			await host.activateWorkflow(id);
			if (polls) await waitForActivationPoll(sb, polls, activatedFrom);
		}
	} catch (error) {
		await stop();
		throw error;
	}
	return { sb, smtp, host, stop };
}
