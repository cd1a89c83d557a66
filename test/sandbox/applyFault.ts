/** Turns an injected fault into what the client sees (a response, a reset, a hang, bad JSON). */
import type { Socket } from 'node:net';
import { sendApiError, throttleMessage } from './api/errors';
import type { ActiveFault } from './faults';
import { Ctx, send } from './http';
import { AadError } from './identity/errors';
import { sendAad } from './identity/routes';
import type { SandboxState } from './state';

/** Real-time waits of the running server; stop() cancels them. */
export interface HangRegistry {
	hold(socket: Socket, ms?: number): void;
	/** Resolves after `ms` (never, once the sandbox has stopped). */
	wait(ms: number): Promise<void>;
}

export function applyFault(
	state: SandboxState,
	ctx: Ctx,
	f: ActiveFault,
	isApi: boolean,
	hangs: HangRegistry,
	family: string | undefined,
): void {
	state.faultsServed++;
	ctx.fault = f.kind;
	const retry = f.spec.retryAfterSeconds;
	switch (f.kind) {
		case '429': {
			const seconds = retry ?? 2;
			if (isApi) {
				if (ctx.tenantId) state.rateLimiter.countThrottle(ctx.tenantId, family ?? 'unknown');
				return sendApiError(ctx, 429, 'TooManyRequests', throttleMessage(seconds), {
					'Retry-After': String(seconds),
				});
			}
			ctx.res.setHeader('Retry-After', String(seconds));
			return sendAad(
				state,
				ctx,
				new AadError(
					'temporarily_unavailable',
					90055,
					'The tenant is being throttled. Retry the request after the time in the Retry-After header.',
				),
				429,
			);
		}
		case '500':
			if (isApi)
				return sendApiError(
					ctx,
					500,
					'InternalServerError',
					'An internal server error occurred. Please retry the request.',
				);
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
		case '503': {
			const headers: Record<string, string> =
				retry !== undefined ? { 'Retry-After': String(retry) } : {};
			if (isApi)
				return sendApiError(
					ctx,
					503,
					'ServiceUnavailable',
					'The service is temporarily unavailable. Please retry the request.',
					headers,
				);
			for (const [k, v] of Object.entries(headers)) ctx.res.setHeader(k, v);
			return sendAad(
				state,
				ctx,
				new AadError(
					'temporarily_unavailable',
					90033,
					'A transient error has occurred. Please try again.',
				),
				503,
			);
		}
		case 'reset': {
			// A TCP RST where the platform allows it (the TLS socket's underlying TCP socket), else a plain close.
			const tls = ctx.req.socket as Socket & { _parent?: Socket; resetAndDestroy?: () => void };
			for (const s of [tls._parent, tls]) {
				try {
					if (s && typeof (s as { resetAndDestroy?: () => void }).resetAndDestroy === 'function') {
						(s as { resetAndDestroy: () => void }).resetAndDestroy();
						break;
					}
				} catch {
					/* fall through to destroy */
				}
			}
			tls.destroy();
			return;
		}
		case 'hang':
			hangs.hold(ctx.req.socket as Socket, f.spec.hangMs);
			return;
		case 'malformed': {
			const body = isApi
				? `{"@odata.context":"${state.origin}/api/$metadata#Alerts","value":[{"id":"da6374729003828`
				: '{"token_type":"Bearer","expires_in":3599,"access_token":"eyJ0eXAi';
			return send(ctx, 200, body, { 'Content-Type': 'application/json; charset=utf-8' });
		}
		case 'revokedToken':
			if (isApi)
				return sendApiError(
					ctx,
					401,
					'Unauthorized',
					'Authorization has been denied for this request: the access token has been revoked.',
				);
			return sendAad(
				state,
				ctx,
				new AadError(
					'invalid_grant',
					50173,
					'The provided grant has expired due to it being revoked, a fresh auth token is needed.',
				),
			);
	}
}
