import https from 'node:https';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

import type { TestPki } from './test-ca';

export interface RecordedRequest {
	method: string;
	path: string;
	authorization?: string;
	body: string;
}

export const CLIENT_ID = 'dummy-client';
export const CLIENT_SECRET = 'dummy-secret-value-9f3a';

/**
 * The API behind the harness fixtures, over HTTPS with the test CA: a client-credentials token
 * endpoint (`/token`), an OAuth2 token endpoint with refresh-token rotation (`/oauth/token`),
 * Bearer-protected `/items/:id`, `/me` and `/events`. Tests revoke tokens to force 401s.
 */
export class DummyService {
	readonly requests: RecordedRequest[] = [];
	readonly validTokens = new Set<string>();
	readonly validRefreshTokens = new Set<string>();
	events: Array<{ id: number; name: string }> = [];
	meStatus = 'active';
	private issued = 0;
	private server?: https.Server;
	baseUrl = '';

	async start(pki: TestPki): Promise<void> {
		this.server = https.createServer({ key: pki.keyPem, cert: pki.certPem }, (req, res) => {
			let body = '';
			req.on('data', (chunk: Buffer) => (body += chunk.toString()));
			req.on('end', () => this.handle(req, res, body));
		});
		await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
		this.baseUrl = `https://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
	}

	async stop(): Promise<void> {
		this.server?.closeAllConnections();
		await new Promise<void>((resolve) =>
			this.server ? this.server.close(() => resolve()) : resolve(),
		);
	}

	issueToken(prefix: string): string {
		const token = `${prefix}-${++this.issued}`;
		this.validTokens.add(token);
		return token;
	}

	revokeAllTokens() {
		this.validTokens.clear();
	}

	count(method: string, path: string): number {
		return this.requests.filter((r) => r.method === method && r.path.startsWith(path)).length;
	}

	private handle(req: IncomingMessage, res: ServerResponse, body: string) {
		const url = new URL(req.url ?? '/', this.baseUrl);
		const authorization = req.headers.authorization;
		this.requests.push({
			method: req.method ?? '',
			path: url.pathname + url.search,
			authorization,
			body,
		});
		const send = (status: number, payload: unknown) => {
			res.writeHead(status, { 'Content-Type': 'application/json' });
			res.end(JSON.stringify(payload));
		};
		const form = new URLSearchParams(body);
		if (req.method === 'POST' && url.pathname === '/token') {
			if (form.get('client_id') !== CLIENT_ID || form.get('client_secret') !== CLIENT_SECRET) {
				return send(401, { error: 'invalid_client' });
			}
			return send(200, { access_token: this.issueToken('session'), expires_in: 3600 });
		}
		if (req.method === 'POST' && url.pathname === '/oauth/token') {
			const basic = Buffer.from(`${CLIENT_ID}:${CLIENT_SECRET}`).toString('base64');
			if (authorization !== `Basic ${basic}`) return send(401, { error: 'invalid_client' });
			const refresh = form.get('refresh_token') ?? '';
			if (form.get('grant_type') !== 'refresh_token' || !this.validRefreshTokens.delete(refresh)) {
				return send(400, { error: 'invalid_grant' });
			}
			const newRefresh = `refresh-${this.issued + 1}`;
			this.validRefreshTokens.add(newRefresh);
			return send(200, {
				access_token: this.issueToken('oauth'),
				refresh_token: newRefresh,
				token_type: 'Bearer',
				expires_in: 3600,
			});
		}
		const bearer = authorization?.startsWith('Bearer ') ? authorization.slice(7) : undefined;
		const keyOk = req.headers['x-api-key'] === 'good-key';
		if (!keyOk && (!bearer || !this.validTokens.has(bearer))) {
			return send(401, { error: { code: 'Unauthorized', message: 'token invalid' } });
		}
		if (url.pathname === '/me') return send(200, { status: this.meStatus });
		if (url.pathname === '/events') {
			const after = Number(url.searchParams.get('after') ?? '0');
			return send(
				200,
				this.events.filter((e) => after < 0 || e.id > after),
			);
		}
		const item = /^\/items\/([^/]+)$/.exec(url.pathname);
		if (item) {
			if (item[1] === 'missing')
				return send(404, { error: { code: 'NotFound', message: 'no such item' } });
			return send(200, { id: item[1], token: bearer ?? 'api-key' });
		}
		return send(404, { error: { code: 'NotFound', message: url.pathname } });
	}
}
