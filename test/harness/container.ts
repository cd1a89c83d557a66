import { ErrorReporter, InstanceSettings } from 'n8n-core';
import { LoggerProxy } from 'n8n-workflow';

import { CapturingLogger } from './log-capture';
import { usePatientRegexEngine } from './patient-regex';
import { Container, Logger } from './n8n-core-deps';

let logger: CapturingLogger | undefined;

/**
 * Registers the few server-side services n8n-core's execution path pulls from the DI container.
 * Everything else (OutboundHttp, LockService, SSRF config, HttpRequestConfig) is n8n's own class,
 * resolved by the container on first use with its default configuration — so requests go through
 * exactly the code n8n runs.
 *
 * Faked, and why:
 * - Logger: replaced by CapturingLogger so logs can be asserted on (and scanned for secrets).
 * - InstanceSettings: the real one reads/creates `~/.n8n/config` with an encryption key at
 *   construction. The harness keeps credentials decrypted in memory (it replaces the database),
 *   so only the two fields the node contexts read are provided.
 * - ErrorReporter: the real one talks to Sentry; ours records the report next to the logs.
 */
export function setupN8nContainer(): CapturingLogger {
	if (logger) return logger;
	usePatientRegexEngine();
	const capturing = new CapturingLogger();
	Container.set(Logger, capturing as unknown as InstanceType<typeof Logger>);
	LoggerProxy.init(capturing);
	const instanceSettings = {
		instanceId: 'harness-instance',
		hmacSignatureSecret: 'harness-hmac-secret',
		n8nFolder: '/nonexistent/.n8n',
		instanceType: 'main',
		isLeader: true,
	};
	Container.set(InstanceSettings, instanceSettings as unknown as InstanceSettings);
	const errorReporter = {
		error: (e: unknown) => capturing.report(e),
		warn: (e: unknown) => capturing.report(e),
		info: (e: unknown) => capturing.report(e),
	};
	Container.set(ErrorReporter, errorReporter as unknown as ErrorReporter);
	logger = capturing;
	return capturing;
}
