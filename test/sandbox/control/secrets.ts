/**
 * App client secrets for the control API. Entra app registrations hold several secrets
 * (passwordCredentials; Graph's `application: addPassword` adds one), each valid until its end
 * date, which is how a secret is rotated without downtime: add the new one, switch, then expire
 * the old one (client credentials with it then give AADSTS7000222).
 */
import { guidFrom, secretFrom } from '../ids';
import type { SandboxState } from '../state';
import type { SandboxApp, SandboxSecret } from '../world';
import { ControlError } from './errors';

function app(state: SandboxState, clientId: string): SandboxApp {
	const a = state.world.apps.get(String(clientId).toLowerCase());
	if (!a) throw new ControlError(404, `unknown app '${clientId}'`);
	return a;
}

/** Values are deterministic per app and count, like the default world's. */
export function addSecret(
	state: SandboxState,
	clientId: string,
	opts: { description?: string; expiresAt?: number } = {},
): SandboxSecret {
	const a = app(state, clientId);
	if (opts.expiresAt !== undefined && !Number.isFinite(opts.expiresAt))
		throw new ControlError(400, 'expiresAt must be epoch ms');
	const n = a.secrets.length + 1;
	const secret: SandboxSecret = {
		id: guidFrom('secret', a.clientId, `added-${n}`),
		value: secretFrom('secret', a.clientId, `added-${n}`),
		description: opts.description ?? `added secret ${n}`,
		...(opts.expiresAt !== undefined ? { expiresAt: opts.expiresAt } : {}),
	};
	a.secrets.push(secret);
	return { ...secret };
}

/** Expires one secret (by value or id) or, without one, all of the app's. */
export function expireSecret(state: SandboxState, clientId: string, secret?: string): void {
	const a = app(state, clientId);
	const targets = secret
		? a.secrets.filter((x) => x.value === secret || x.id === secret)
		: a.secrets;
	if (!targets.length) throw new ControlError(404, 'no such secret');
	for (const x of targets) x.expiresAt = state.clock.now() - 1000;
}
