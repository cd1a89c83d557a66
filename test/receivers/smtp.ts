/**
 * A real SMTP server on 127.0.0.1 (nodemailer's `smtp-server`, the same protocol stack a mail relay
 * speaks) that keeps every accepted message, parsed with `mailparser`, for tests to read. Optional
 * AUTH (PLAIN/LOGIN), STARTTLS or implicit TLS, and fault injection: the next N messages can be
 * answered with a 4xx/5xx reply at DATA, which is how a node's retry classification is tested.
 */
import { AddressInfo } from 'node:net';
import { simpleParser, AddressObject } from 'mailparser';
import { SMTPServer, SMTPServerOptions } from 'smtp-server';

export interface ReceivedMail {
	subject: string;
	from: string[];
	to: string[];
	cc: string[];
	text: string;
	html: string;
	messageId: string;
	/** Header names lower-cased, values as strings. */
	headers: Record<string, string>;
	/** SMTP envelope (MAIL FROM / RCPT TO), which may differ from the headers (BCC). */
	envelope: { from: string; to: string[] };
	/** The authenticated user, when AUTH was used. */
	user?: string;
	raw: string;
}

export interface SmtpReceiverOptions {
	/** Require AUTH with these credentials (PLAIN/LOGIN). Without it, AUTH is not offered. */
	auth?: { user: string; pass: string };
	/** Key pair (PEM) for STARTTLS, or for implicit TLS when `secure` is true. */
	tls?: { key: string; cert: string };
	secure?: boolean;
}

export interface SmtpFault {
	/** SMTP reply code given at the end of DATA, e.g. 451 (transient) or 550 (permanent). */
	responseCode: number;
	message?: string;
}

export interface SmtpReceiver {
	readonly host: '127.0.0.1';
	readonly port: number;
	mails(): ReceivedMail[];
	/** Resolves when at least `count` mails have arrived (polling; rejects after `timeoutMs`). */
	waitForMails(count: number, timeoutMs?: number): Promise<ReceivedMail[]>;
	/** The next `count` messages are refused with `fault` (default 451) after DATA. */
	failNext(count: number, fault?: SmtpFault): void;
	/** Number of DATA commands that were refused by injected faults. */
	refusedCount(): number;
	clear(): void;
	stop(): Promise<void>;
}

function addresses(a: AddressObject | AddressObject[] | undefined): string[] {
	if (!a) return [];
	return (Array.isArray(a) ? a : [a]).flatMap((o) => o.value.map((v) => v.address ?? ''));
}

export async function startSmtpReceiver(options: SmtpReceiverOptions = {}): Promise<SmtpReceiver> {
	const mails: ReceivedMail[] = [];
	const faults: SmtpFault[] = [];
	let refused = 0;

	const serverOptions: SMTPServerOptions = {
		secure: options.secure ?? false,
		// Without TLS material STARTTLS must not be advertised, or clients would try and fail.
		disabledCommands: [...(options.tls ? [] : ['STARTTLS']), ...(options.auth ? [] : ['AUTH'])],
		authOptional: !options.auth,
		allowInsecureAuth: true,
		logger: false,
		banner: 'defender-mssp test receiver',
		size: 10 * 1024 * 1024,
		// stop() must not wait 30 s for idle client connections.
		closeTimeout: 500,
		...(options.tls ? { key: options.tls.key, cert: options.tls.cert } : {}),
		onAuth(auth, _session, callback) {
			const ok =
				options.auth && auth.username === options.auth.user && auth.password === options.auth.pass;
			if (ok) callback(null, { user: auth.username });
			else
				callback(
					Object.assign(new Error('Authentication credentials invalid'), { responseCode: 535 }),
				);
		},
		onData(stream, session, callback) {
			const chunks: Buffer[] = [];
			stream.on('data', (c: Buffer) => chunks.push(c));
			stream.on('end', () => {
				const fault = faults.shift();
				if (fault) {
					refused++;
					const message = fault.message ?? `Injected failure ${fault.responseCode}`;
					callback(Object.assign(new Error(message), { responseCode: fault.responseCode }));
					return;
				}
				const raw = Buffer.concat(chunks).toString('utf8');
				simpleParser(raw)
					.then((p) => {
						const headers: Record<string, string> = {};
						for (const line of p.headerLines) {
							headers[line.key] = line.line.slice(line.line.indexOf(':') + 1).trim();
						}
						mails.push({
							subject: p.subject ?? '',
							from: addresses(p.from),
							to: addresses(p.to),
							cc: addresses(p.cc),
							text: p.text ?? '',
							html: typeof p.html === 'string' ? p.html : '',
							messageId: p.messageId ?? '',
							headers,
							envelope: {
								from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
								to: session.envelope.rcptTo.map((r) => r.address),
							},
							user: typeof session.user === 'string' ? session.user : undefined,
							raw,
						});
						callback(null, 'Message queued');
					})
					.catch((e: Error) => callback(e));
			});
		},
	};
	const server = new SMTPServer(serverOptions);
	await new Promise<void>((resolve, reject) => {
		server.once('error', reject);
		server.listen(0, '127.0.0.1', () => resolve());
	});
	// After startup, errors are per-connection (client hang-ups); they must not crash the test.
	server.on('error', () => undefined);
	const port = (server.server.address() as AddressInfo).port;

	return {
		host: '127.0.0.1',
		port,
		mails: () => [...mails],
		async waitForMails(count, timeoutMs = 10000) {
			const deadline = Date.now() + timeoutMs;
			while (mails.length < count) {
				if (Date.now() > deadline) {
					throw new Error(`expected ${count} mail(s) within ${timeoutMs} ms, got ${mails.length}`);
				}
				await new Promise((r) => setTimeout(r, 50));
			}
			return [...mails];
		},
		failNext(count, fault = { responseCode: 451 }) {
			for (let i = 0; i < count; i++) faults.push(fault);
		},
		refusedCount: () => refused,
		clear() {
			mails.length = 0;
			faults.length = 0;
			refused = 0;
		},
		stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
	};
}
