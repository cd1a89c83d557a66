import type { LogMetadata } from 'n8n-workflow';

export type CapturedLogLevel = 'error' | 'warn' | 'info' | 'debug' | 'error-report';

export interface CapturedLog {
	level: CapturedLogLevel;
	message: string;
	/** JSON of the metadata (errors serialised with message and stack) so tests can grep it. */
	metadata: string;
}

function serialise(value: unknown): string {
	try {
		return (
			JSON.stringify(value, (_key, v: unknown) =>
				v instanceof Error ? { ...v, name: v.name, message: v.message, stack: v.stack } : v,
			) ?? ''
		);
	} catch {
		return String(value);
	}
}

/**
 * Stands in for @n8n/backend-common's Logger (and n8n-workflow's LoggerProxy): every line n8n-core
 * or a node (`this.logger`) writes lands in memory, so a security test can scan it for secrets.
 * One instance lives in the DI container for the whole jest worker; each harness run takes the
 * lines written since it started (`drain`).
 */
export class CapturingLogger {
	private lines: CapturedLog[] = [];

	private record(level: CapturedLogLevel, message: string, metadata?: unknown) {
		this.lines.push({ level, message: String(message), metadata: serialise(metadata ?? {}) });
	}

	error(message: string, metadata?: LogMetadata) {
		this.record('error', message, metadata);
	}

	warn(message: string, metadata?: LogMetadata) {
		this.record('warn', message, metadata);
	}

	info(message: string, metadata?: LogMetadata) {
		this.record('info', message, metadata);
	}

	debug(message: string, metadata?: LogMetadata) {
		this.record('debug', message, metadata);
	}

	/** What n8n would send to Sentry; kept with the logs because it leaves the process too. */
	report(error: unknown) {
		const message = error instanceof Error ? error.message : String(error);
		this.record('error-report', message, error);
	}

	/** n8n's Logger hands out scoped children; ours share the same buffer. */
	scoped() {
		return this;
	}

	drain(): CapturedLog[] {
		const out = this.lines;
		this.lines = [];
		return out;
	}
}
