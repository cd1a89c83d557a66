/**
 * The sandbox tenant: one HTTPS server on 127.0.0.1, path-routed —
 * identity under `/{tenant|common|organizations}/…`, the Defender API under `/api/…`,
 * the control API under `/_sandbox/…` (loopback only).
 *
 *   const sb = await startSandbox();
 *   // sb.loginBaseUrl, sb.apiBaseUrl, sb.caPath, sb.tenants.fabrikam.id, sb.apps.mssp.clientId, sb.control…
 *   await sb.stop();
 */
import { createServer, Server } from 'node:https';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { Server as NetServer } from 'node:net';
import { apiFamily, routeApi } from './api/routes';
import { ApiError, sendApiError, throttleMessage } from './api/errors';
import { checkServerPageSize } from './api/serverPaging';
import { applyFault, HangRegistry } from './applyFault';
import { SandboxClock } from './clock';
import { InProcessControl } from './control/control';
import { latencyFor } from './latency';
import { routeControl } from './control/routes';
import { BodyTooLarge, Ctx, readBody } from './http';
import { requestId } from './ids';
import { AadError } from './identity/errors';
import { routeIdentity, sendAad } from './identity/routes';
import { decodeUnverified, SigningKey } from './jwt';
import type { RateLimitConfig } from './rateLimit';
import { SandboxState } from './state';
import { tlsMaterial, writeCaFile } from './tls';
import {
	createDefaultWorld,
	DefaultAppHandles,
	DefaultWorldHandles,
	NextLinkMode,
	snapshotWorld,
	TenantSpec,
	World,
} from './world';

export interface SandboxOptions {
	/** Port on 127.0.0.1 (default: a random free port). */
	port?: number;
	host?: string;
	/** Where to write the CA PEM (default: a fresh temp dir, removed on stop). */
	caDir?: string;
	/** More customer tenants: a number (customer001…) or specs. */
	extraTenants?: number | TenantSpec[];
	rateLimits?: Partial<RateLimitConfig>;
	/** `@odata.nextLink` behaviour (default 'none': no link when $top is given). */
	nextLinkMode?: NextLinkMode;
	/** Page size of nextLink mode 'serverPaging' (default 100), whatever `$top` the client sends. */
	serverPageSize?: number;
	/**
	 * Where the sandbox (Defender's) clock starts relative to this machine's, in ms; negative = behind.
	 * Every time the sandbox serves (tokens, alert times, the `Date` header) reads this clock.
	 */
	clockOffsetMs?: number;
	accessTokenLifetimeSec?: number;
	maxLogEntries?: number;
	/**
	 * How long an idle keep-alive connection stays open (default 5 s, Node's). A client that parses a
	 * 10,000-alert page for longer on a busy machine then reuses a closed socket ("socket hang up");
	 * the benchmarks raise it so that they measure clients, not that race.
	 */
	keepAliveTimeoutMs?: number;
	/** A signing key of its own instead of the per-process one (tokens of other sandboxes then fail). */
	freshSigningKey?: boolean;
}

export interface Sandbox {
	origin: string;
	port: number;
	loginBaseUrl: string;
	apiBaseUrl: string;
	controlBaseUrl: string;
	caPath: string;
	caPem: string;
	tenants: DefaultWorldHandles;
	apps: DefaultAppHandles;
	/** Ready-to-use MSSP app credential values. */
	credentials: {
		clientId: string;
		clientSecret: string;
		expiredClientSecret: string;
		homeTenantId: string;
	};
	world: World;
	clock: SandboxClock;
	state: SandboxState;
	control: InProcessControl;
	stop(): Promise<void>;
}

export async function startSandbox(opts: SandboxOptions = {}): Promise<Sandbox> {
	const tls = tlsMaterial();
	const key = opts.freshSigningKey ? await SigningKey.create() : await SigningKey.processKey();
	const { world, tenants, apps } = createDefaultWorld({ extraTenants: opts.extraTenants });
	const clock = new SandboxClock(opts.clockOffsetMs ?? 0);
	const state = new SandboxState(
		world,
		clock,
		key,
		{
			nextLinkMode: opts.nextLinkMode ?? 'none',
			serverPageSize: checkServerPageSize(opts.serverPageSize ?? 100),
			accessTokenLifetimeSec: opts.accessTokenLifetimeSec ?? 3599,
			codeLifetimeMs: 10 * 60_000,
			refreshInactivityMs: 90 * 86_400_000,
			maxLogEntries: opts.maxLogEntries ?? 5000,
		},
		opts.rateLimits,
	);
	const control = new InProcessControl(state, snapshotWorld(world));

	const sockets = new Set<Socket>();
	const timers = new Set<NodeJS.Timeout>();
	const hangs: HangRegistry = {
		hold(socket, ms) {
			if (ms === undefined) return; // held until stop()
			const t = setTimeout(() => {
				timers.delete(t);
				socket.destroy();
			}, ms);
			timers.add(t);
		},
		wait(ms) {
			return new Promise((resolve) => {
				const t = setTimeout(() => {
					timers.delete(t);
					resolve();
				}, ms);
				timers.add(t);
			});
		},
	};

	const server: Server = createServer({ key: tls.keyPem, cert: tls.certPem }, (req, res) => {
		void handle(state, control, hangs, req, res);
	});
	server.keepAliveTimeout = opts.keepAliveTimeoutMs ?? 5000;
	server.on('secureConnection', (s: Socket) => {
		sockets.add(s);
		s.on('close', () => sockets.delete(s));
	});
	server.on('connection', (s: Socket) => {
		sockets.add(s);
		s.on('close', () => sockets.delete(s));
	});
	server.on('tlsClientError', () => undefined);
	server.on('clientError', (_e, socket) => socket.destroy());

	await new Promise<void>((resolve, reject) => {
		server.once('error', reject);
		server.listen(opts.port ?? 0, opts.host ?? '127.0.0.1', () => {
			server.off('error', reject);
			resolve();
		});
	});
	const port = (server.address() as AddressInfo).port;
	const origin = `https://127.0.0.1:${port}`;
	state.origin = origin;
	const { caPath, cleanup } = writeCaFile(tls.caPem, opts.caDir);
	const mssp = apps.mssp;

	let stopped = false;
	return {
		origin,
		port,
		loginBaseUrl: origin,
		apiBaseUrl: origin,
		controlBaseUrl: `${origin}/_sandbox`,
		caPath,
		caPem: tls.caPem,
		tenants,
		apps,
		world,
		clock,
		state,
		control,
		credentials: {
			clientId: mssp.clientId,
			clientSecret: mssp.secrets[0].value,
			expiredClientSecret: mssp.secrets.find((s) => s.expiresAt !== undefined)?.value ?? '',
			homeTenantId: mssp.homeTenantId,
		},
		async stop() {
			if (stopped) return;
			stopped = true;
			for (const t of timers) clearTimeout(t);
			timers.clear();
			for (const s of sockets) s.destroy();
			// Let the destroyed sockets leave the server's connection list first: Node 20 can keep an
			// entry whose socket is already gone, and closeAllConnections/close then throw on it (seen
			// at the end of a 2,000-poll chaos run with hang faults).
			await new Promise((resolve) => setImmediate(resolve));
			const closed = new Promise<void>((resolve) => {
				try {
					server.close(() => resolve());
				} catch {
					// https.Server.close failed in its pre-close step: close the listener itself.
					NetServer.prototype.close.call(server, () => resolve());
				}
			});
			try {
				server.closeAllConnections?.();
			} catch {
				// Same Node 20 entry; every socket we know of is destroyed above.
			}
			await closed;
			cleanup();
		},
	};
}

/** Alias: builds the default world and starts serving it. */
export const createSandbox = startSandbox;

async function handle(
	state: SandboxState,
	control: InProcessControl,
	hangs: HangRegistry,
	req: IncomingMessage,
	res: ServerResponse,
): Promise<void> {
	const rid = requestId();
	let url: URL;
	try {
		url = new URL(req.url ?? '/', 'https://sandbox.invalid');
	} catch {
		url = new URL('https://sandbox.invalid/');
	}
	const ctx: Ctx = {
		req,
		res,
		url,
		method: (req.method ?? 'GET').toUpperCase(),
		path: url.pathname,
		requestId: rid,
		startedAt: Date.now(),
	};
	// Date is the server's clock as the client sees it (RFC 7231 §7.1.1.2: an origin server with a
	// clock sends it), so it comes from the sandbox clock, not from Node's default real-time stamp.
	res.setHeader('Date', state.clock.httpDate());
	res.setHeader('request-id', rid);
	res.setHeader('x-ms-request-id', rid);
	res.setHeader('client-request-id', String(req.headers['client-request-id'] ?? rid));
	state.requestCount++;
	let logged = false;
	const log = () => {
		if (logged || ctx.path.startsWith('/_sandbox')) return;
		logged = true;
		state.log({
			id: rid,
			time: new Date(state.clock.now()).toISOString(),
			method: ctx.method,
			path: ctx.path,
			...(url.search ? { query: url.search } : {}),
			status: res.headersSent ? res.statusCode : 0,
			durationMs: Date.now() - ctx.startedAt,
			tenantId: ctx.tenantId,
			clientId: ctx.clientId,
			family: ctx.family,
			fault: ctx.fault,
			...(ctx.latencyMs ? { latencyMs: ctx.latencyMs } : {}),
		});
	};
	res.on('finish', log);
	res.on('close', log);
	const isApi = /^\/api(\/|$)/i.test(ctx.path);
	try {
		if (ctx.path.startsWith('/_sandbox')) return await routeControl(control, ctx);
		const tenant = faultTenant(state, ctx, isApi);
		let fault = state.faults.take(ctx.method, ctx.path, tenant);
		const delay = latencyFor(state, ctx.method, ctx.path, tenant, fault);
		if (fault?.kind === 'latency') {
			state.faultsServed++;
			ctx.fault = 'latency';
			fault = undefined; // answered normally, below, once the wait is over
		}
		if (delay > 0) {
			state.latencyDelayed++;
			ctx.latencyMs = delay;
			// A slow service has the whole request before it is slow: with the body read first, a
			// client that gives up during the wait still leaves the change made, and only the answer
			// is lost (what a timeout on a change means).
			await readBody(ctx);
			await hangs.wait(delay);
			res.setHeader('Date', state.clock.httpDate()); // the answer is made now, so is its Date
		}
		if (fault) {
			const family = isApi ? apiFamily(ctx.method, ctx.path) : 'identity';
			ctx.family = family;
			return applyFault(state, ctx, fault, isApi, hangs, family);
		}
		if (isApi) {
			const throttled = await routeApi(state, ctx);
			if (throttled) {
				sendApiError(ctx, 429, 'TooManyRequests', throttleMessage(throttled.retryAfter), {
					'Retry-After': String(throttled.retryAfter),
				});
			}
			return;
		}
		if (await routeIdentity(state, ctx)) return;
		sendApiError(ctx, 404, 'ResourceNotFound', `No resource matches '${ctx.path}'.`);
	} catch (e) {
		if (e instanceof BodyTooLarge)
			return sendApiError(ctx, 413, 'BadRequest', 'The request body is too large.');
		if (e instanceof ApiError) return sendApiError(ctx, e.status, e.code, e.message);
		if (e instanceof AadError) return sendAad(state, ctx, e);
		state.internalErrors.push(`${ctx.method} ${ctx.path}: ${(e as Error)?.message ?? String(e)}`);
		if (state.internalErrors.length > 100) state.internalErrors.shift();
		if (!isApi && !ctx.path.startsWith('/_sandbox')) {
			return sendAad(
				state,
				ctx,
				new AadError(
					'server_error',
					50000,
					'There was an error issuing a token or an issue with our sign-in service.',
				),
				500,
			);
		}
		sendApiError(
			ctx,
			500,
			'InternalServerError',
			'An internal server error occurred. Please retry the request.',
		);
	}
}

function faultTenant(state: SandboxState, ctx: Ctx, isApi: boolean): string | undefined {
	if (isApi) {
		const h = ctx.req.headers.authorization;
		const token = h?.replace(/^Bearer\s+/i, '');
		const tid = token ? decodeUnverified(token)?.tid : undefined;
		if (typeof tid === 'string') ctx.tenantId = tid;
		return typeof tid === 'string' ? tid : undefined;
	}
	const seg = ctx.path.split('/')[1] ?? '';
	const t = seg ? state.world.resolveTenant(decodeURIComponent(seg)) : undefined;
	if (t) ctx.tenantId = t.id;
	return t?.id ?? seg;
}
