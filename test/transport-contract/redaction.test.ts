/**
 * What a server sends back never carries a token into n8n's error or log: a proxy in front of
 * Defender that issues an opaque (non-JWT) token and echoes it in a 403, in the message and in the
 * error code, with a body far longer than any real Defender message. The stub is plain HTTP on
 * 127.0.0.1, which the custom endpoints accept for loopback only.
 */
import { createServer } from 'node:http';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

import { DefenderMsspAppApi } from '../../credentials/DefenderMsspAppApi.credentials';
import { DefenderMsspOAuth2Api } from '../../credentials/DefenderMsspOAuth2Api.credentials';
import { ECHO_CAP } from '../../nodes/shared/transport/errors';
import { runNode } from '../harness';
import { TransportProbe } from './fixtures/TransportProbe.node';
import { FAST, resetTransport, tenantParam } from './support';

const TENANT = '11111111-2222-3333-4444-555555555555';
const OPAQUE_TOKEN = 'opaque-proxy-token-7f3a9c2e41b8d6';
const CLIENT_SECRET = 'stub-client-secret-value';

let server: Server;
let base: string;

function answer(res: ServerResponse, status: number, body: unknown): void {
	res.writeHead(status, { 'Content-Type': 'application/json' });
	res.end(JSON.stringify(body));
}

function handle(req: IncomingMessage, res: ServerResponse): void {
	req.resume();
	req.on('end', () => {
		if (req.method === 'POST' && req.url === `/${TENANT}/oauth2/v2.0/token`) {
			return answer(res, 200, {
				token_type: 'Bearer',
				expires_in: 3599,
				access_token: OPAQUE_TOKEN,
			});
		}
		const echo = String(req.headers.authorization ?? '').replace(/^Bearer /, '');
		answer(res, 403, {
			error: {
				code: `Forbidden:${echo}`,
				message: `Access token ${echo} has no access here. ${'Details follow. '.repeat(200)}`,
				target: `request-for-${echo}`,
			},
		});
	});
}

beforeAll(async () => {
	server = createServer(handle);
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
	server.closeAllConnections();
	await new Promise<void>((resolve) => server.close(() => resolve()));
});
beforeEach(() => resetTransport());

it('keeps an echoed non-JWT token out of the error and the logs, and caps the echoed text', async () => {
	const result = await runNode({
		nodeType: new TransportProbe(),
		credentialTypes: [new DefenderMsspAppApi(), new DefenderMsspOAuth2Api()],
		credentials: {
			defenderMsspAppApi: {
				id: 'cred-1',
				data: {
					cloud: 'custom',
					loginBaseUrl: base,
					apiBaseUrl: base,
					clientId: 'stub-client',
					clientSecret: CLIENT_SECRET,
					tenants: { tenant: [{ tenantId: TENANT, label: 'Stub' }] },
					tenantCheck: '',
				},
			},
		},
		parameters: {
			authentication: 'defenderMsspAppApi',
			tenantScope: 'one',
			...tenantParam(TENANT),
			path: '/api/alerts?$top=1',
			tuning: JSON.stringify(FAST),
		},
	});
	const error = result.error as unknown as Record<string, unknown>;
	expect(error?.message).toMatch(
		/Forbidden:\[redacted\] for tenant Stub .*: Access token \[redacted\]/,
	);
	const everything = [
		String(error.message),
		String(error.description),
		JSON.stringify(error),
		JSON.stringify(result.logs),
	].join('\n');
	expect(everything).not.toContain(OPAQUE_TOKEN);
	expect(everything).not.toContain(CLIENT_SECRET);
	expect(String(error.message)).toMatch(/more characters cut/);
	expect(String(error.message).length).toBeLessThan(ECHO_CAP + 200);
});
