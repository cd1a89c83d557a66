/**
 * A Splunk HTTP Event Collector stand-in that answers like the real one (Splunk cannot be installed
 * here): the documented endpoints, `Authorization: Splunk <token>`, concatenated-object batches and
 * the documented reply codes and bodies (facts: siem-and-email.md §1.3). It also offers a plain
 * raw-events endpoint (`POST /events`, newline-separated lines, no auth) shaped like QRadar's HTTP
 * Receiver or a syslog relay's HTTP input, for CEF/LEEF lines. Binds 127.0.0.1 on a free port.
 * A rejected request stores nothing: the tests assert on what Splunk would have accepted.
 */
import {
	createServer as createHttpServer,
	IncomingMessage,
	Server,
	ServerResponse,
} from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import { AddressInfo, Socket } from 'node:net';
import { gunzipSync } from 'node:zlib';

/** One HEC envelope as sent by the client (extra keys are kept as sent). */
export interface HecEvent {
	time?: number | string;
	host?: string;
	source?: string;
	sourcetype?: string;
	index?: string;
	event: unknown;
	fields?: Record<string, string | string[]>;
	[key: string]: unknown;
}

export interface HecReply {
	status: number;
	body: string;
}

/** Splunk's troubleshooting table (code → HTTP status, text). */
const HEC_CODES: Record<number, [number, string]> = {
	0: [200, 'Success'],
	2: [401, 'Token is required'],
	3: [401, 'Invalid authorization'],
	4: [403, 'Invalid token'],
	5: [400, 'No data'],
	6: [400, 'Invalid data format'],
	7: [400, 'Incorrect index'],
	8: [500, 'Internal server error'],
	9: [503, 'Server is busy'],
	12: [400, 'Event field is required'],
	13: [400, 'Event field cannot be blank'],
	15: [400, 'Error in handling indexed fields'],
	18: [503, 'HEC is unhealthy, queues are full'],
	19: [503, 'HEC is unhealthy, ack service unavailable'],
	20: [503, 'HEC is unhealthy, queues are full, ack service unavailable'],
};

export function hecError(code: number, invalidEventNumber?: number): HecReply {
	const [status, text] = HEC_CODES[code];
	const body: Record<string, unknown> = { text, code };
	if (invalidEventNumber !== undefined) body['invalid-event-number'] = invalidEventNumber;
	return { status, body: JSON.stringify(body) };
}

/**
 * Splits a body of back-to-back JSON objects (`{…}{…}`, whitespace allowed between them). A JSON
 * array or any non-object text is "Invalid data format" pointing at the offending event.
 */
export function parseHecBatch(body: string): { objects: unknown[] } | { error: HecReply } {
	const objects: unknown[] = [];
	let i = 0;
	while (i < body.length) {
		while (i < body.length && /\s/.test(body[i])) i++;
		if (i >= body.length) break;
		if (body[i] !== '{') return { error: hecError(6, objects.length) };
		let depth = 0;
		let inString = false;
		let end = -1;
		for (let j = i; j < body.length; j++) {
			const c = body[j];
			if (inString) {
				if (c === '\\') j++;
				else if (c === '"') inString = false;
			} else if (c === '"') inString = true;
			else if (c === '{' || c === '[') depth++;
			else if ((c === '}' || c === ']') && --depth === 0) {
				end = j + 1;
				break;
			}
		}
		if (end < 0) return { error: hecError(6, objects.length) };
		try {
			objects.push(JSON.parse(body.slice(i, end)));
		} catch {
			return { error: hecError(6, objects.length) };
		}
		i = end;
	}
	return { objects };
}

/** The per-envelope checks Splunk documents (codes 12, 13, 7, 15). */
export function validateEnvelope(o: unknown, n: number, indexes?: string[]): HecReply | undefined {
	const env = o as Record<string, unknown>;
	if (!('event' in env) || env.event === null) return hecError(12, n);
	if (typeof env.event === 'string' && env.event.trim() === '') return hecError(13, n);
	if (indexes && env.index !== undefined && !indexes.includes(String(env.index)))
		return hecError(7, n);
	if (env.fields !== undefined) {
		const f = env.fields;
		const flat =
			typeof f === 'object' &&
			f !== null &&
			!Array.isArray(f) &&
			Object.values(f).every(
				(v) => typeof v === 'string' || (Array.isArray(v) && v.every((x) => typeof x === 'string')),
			);
		if (!flat) return hecError(15, n);
	}
	return undefined;
}

export interface HecReceiverOptions {
	/** Accepted tokens; the first one is exposed as `receiver.token`. */
	tokens?: string[];
	/** Serve HTTPS with this key pair (PEM); default plain HTTP. */
	tls?: { key: string; cert: string };
	/** Indexes the token may write to; an envelope naming another index gets code 7. */
	allowedIndexes?: string[];
}

/** A documented HEC failure (by code), or a custom reply, or a dropped connection. */
export type HecFault =
	| { code: 8 | 9 | 18 | 19 | 20; delayMs?: number }
	| { status: number; body: string; delayMs?: number }
	| { reset: true; delayMs?: number };

export interface HecRequestRecord {
	method: string;
	path: string;
	headers: IncomingMessage['headers'];
	body: string;
	status: number;
	reply: string;
}

export interface RawLine {
	/** `hec-raw` for /services/collector/raw, `events` for the plain receiver endpoint. */
	endpoint: 'hec-raw' | 'events';
	line: string;
	query: Record<string, string>;
}

export interface HecReceiver {
	readonly url: string;
	readonly port: number;
	readonly token: string;
	/** Accepted envelopes from /services/collector[/event], in arrival order. */
	events(): HecEvent[];
	/** Accepted non-empty lines from /services/collector/raw and /events. */
	rawLines(): string[];
	rawRecords(): RawLine[];
	/** Every request, accepted or not, with the reply sent. */
	requests(): HecRequestRecord[];
	/** The next `count` requests get `fault` instead of normal handling. */
	failNext(count: number, fault?: HecFault): void;
	/** Every request gets `fault` until `outage(null)`: a collector down for a while. */
	outage(fault: HecFault | null): void;
	/**
	 * Every request arriving until `hold(null)` waits `ms` before it is handled: a slow collector
	 * that keeps a sender mid-request. One whose sender closed its side meanwhile is dropped, never
	 * indexed (status 0). `stop()` ends the waits.
	 */
	hold(ms: number | null): void;
	/** Requests received and not yet answered (held, or being handled). */
	inFlight(): number;
	clear(): void;
	stop(): Promise<void>;
}

const DEFAULT_TOKEN = '11111111-2222-3333-4444-555555555555';
const EVENT_PATHS = new Set([
	'/services/collector',
	'/services/collector/event',
	'/services/collector/event/1.0',
]);
const RAW_PATHS = new Set(['/services/collector/raw', '/services/collector/raw/1.0']);
const PLAIN_PATHS = new Set(['/events', '/']);

function readBody(req: IncomingMessage): Promise<string> {
	return new Promise((resolve, reject) => {
		const chunks: Buffer[] = [];
		req.on('data', (c: Buffer) => chunks.push(c));
		req.on('error', reject);
		req.on('end', () => {
			const raw = Buffer.concat(chunks);
			// HEC accepts gzip bodies; a client that compresses must still be readable here.
			const encoding = String(req.headers['content-encoding'] ?? '').toLowerCase();
			resolve((encoding === 'gzip' ? gunzipSync(raw) : raw).toString('utf8'));
		});
	});
}

function sleep(ms: number): Promise<void> {
	return new Promise((r) => setTimeout(r, ms));
}

function splitLines(body: string): string[] {
	return body.split(/\r?\n/).filter((l) => l.trim() !== '');
}

export async function startHecReceiver(options: HecReceiverOptions = {}): Promise<HecReceiver> {
	const tokens = options.tokens ?? [DEFAULT_TOKEN];
	const events: HecEvent[] = [];
	const raw: RawLine[] = [];
	const log: HecRequestRecord[] = [];
	const faults: HecFault[] = [];
	let down: HecFault | null = null;
	let holdMs: number | null = null;
	let inFlight = 0;
	const released = new Set<() => void>();
	const holdFor = (ms: number) =>
		new Promise<void>((resolve) => {
			const done = () => {
				clearTimeout(timer);
				released.delete(done);
				resolve();
			};
			const timer = setTimeout(done, ms);
			released.add(done);
		});
	const release = () => {
		for (const done of [...released]) done();
	};
	const sockets = new Set<Socket>();

	function authorize(req: IncomingMessage): HecReply | undefined {
		const header = req.headers.authorization;
		if (!header) return hecError(2);
		const m = /^Splunk\s+(\S+)\s*$/.exec(header);
		if (!m) return hecError(3);
		return tokens.includes(m[1]) ? undefined : hecError(4);
	}

	async function handle(
		req: IncomingMessage,
		path: string,
		body: string,
	): Promise<HecReply | 'reset'> {
		const fault = faults.shift() ?? down;
		if (fault) {
			if (fault.delayMs) await sleep(fault.delayMs);
			if ('reset' in fault) return 'reset';
			if ('code' in fault) return hecError(fault.code);
			return { status: fault.status, body: fault.body };
		}
		const query = Object.fromEntries(new URL(req.url ?? '/', 'http://x').searchParams);
		if (PLAIN_PATHS.has(path)) {
			for (const line of splitLines(body)) raw.push({ endpoint: 'events', line, query });
			return { status: 200, body: '' };
		}
		if (path === '/services/collector/health')
			return { status: 200, body: '{"text":"HEC is healthy","code":17}' };
		const isEvent = EVENT_PATHS.has(path);
		if (!isEvent && !RAW_PATHS.has(path))
			return {
				status: 404,
				body: '{"text":"The requested URL was not found on this server.","code":404}',
			};
		if (req.method !== 'POST') return { status: 405, body: '' };
		const denied = authorize(req);
		if (denied) return denied;
		if (body.trim() === '') return hecError(5);
		if (!isEvent) {
			for (const line of splitLines(body)) raw.push({ endpoint: 'hec-raw', line, query });
			return hecError(0);
		}
		const parsed = parseHecBatch(body);
		if ('error' in parsed) return parsed.error;
		for (let i = 0; i < parsed.objects.length; i++) {
			const bad = validateEnvelope(parsed.objects[i], i, options.allowedIndexes);
			if (bad) return bad;
		}
		events.push(...(parsed.objects as HecEvent[]));
		return hecError(0);
	}

	async function onRequest(req: IncomingMessage, res: ServerResponse): Promise<void> {
		const path = new URL(req.url ?? '/', 'http://x').pathname.replace(/\/+$/, '') || '/';
		const body = await readBody(req);
		inFlight++;
		const held = holdMs;
		// The first sign of a dead sender is its FIN ('end'); 'close' covers a reset.
		let senderGone = false;
		const onGone = () => {
			senderGone = true;
		};
		req.socket.once('end', onGone).once('close', onGone);
		if (held) await holdFor(held);
		req.socket.off('end', onGone).off('close', onGone);
		const gone = held !== null && (senderGone || req.socket.destroyed);
		const reply = gone ? 'reset' : await handle(req, path, body).finally(() => inFlight--);
		if (gone) inFlight--;
		if (reply === 'reset') {
			log.push({
				method: req.method ?? '',
				path,
				headers: req.headers,
				body,
				status: 0,
				reply: '',
			});
			req.socket.destroy();
			return;
		}
		log.push({
			method: req.method ?? '',
			path,
			headers: req.headers,
			body,
			...{ status: reply.status, reply: reply.body },
		});
		res.writeHead(reply.status, { 'Content-Type': 'application/json; charset=UTF-8' });
		res.end(reply.body);
	}

	const listener = (req: IncomingMessage, res: ServerResponse) => {
		onRequest(req, res).catch((e: Error) => {
			res.writeHead(500).end(JSON.stringify({ text: `receiver bug: ${e.message}`, code: 8 }));
		});
	};
	const server: Server = options.tls
		? createHttpsServer({ key: options.tls.key, cert: options.tls.cert }, listener)
		: createHttpServer(listener);
	server.on('connection', (s: Socket) => {
		sockets.add(s);
		s.on('close', () => sockets.delete(s));
	});
	await new Promise<void>((resolve, reject) => {
		server.once('error', reject);
		server.listen(0, '127.0.0.1', () => resolve());
	});
	const port = (server.address() as AddressInfo).port;

	return {
		url: `${options.tls ? 'https' : 'http'}://127.0.0.1:${port}`,
		port,
		token: tokens[0],
		events: () => [...events],
		rawLines: () => raw.map((r) => r.line),
		rawRecords: () => [...raw],
		requests: () => [...log],
		failNext(count, fault = { code: 9 }) {
			for (let i = 0; i < count; i++) faults.push(fault);
		},
		outage(fault) {
			down = fault;
		},
		hold(ms) {
			holdMs = ms;
		},
		inFlight: () => inFlight,
		clear() {
			down = null;
			events.length = 0;
			raw.length = 0;
			log.length = 0;
			faults.length = 0;
		},
		stop: () =>
			new Promise<void>((resolve) => {
				// Keep-alive clients (n8n's HTTP agent) would otherwise hold close() open.
				release();
				for (const s of sockets) s.destroy();
				server.close(() => resolve());
			}),
	};
}
