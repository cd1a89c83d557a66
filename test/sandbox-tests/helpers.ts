/** Helpers for the sandbox's own tests. */
import { clientCredentials, HttpOptions, HttpResult, sandboxHttp } from '../sandbox/client';
import type { Sandbox } from '../sandbox/server';

export function http(sb: Sandbox) {
	return (method: string, path: string, o: HttpOptions = {}): Promise<HttpResult> =>
		sandboxHttp(sb.origin, sb.caPem, method, path, o);
}

export async function appToken(
	sb: Sandbox,
	tenant: string,
	clientId = sb.apps.mssp.clientId,
	secret?: string,
): Promise<string> {
	const app = sb.world.apps.get(clientId);
	const r = await clientCredentials(
		sb.origin,
		sb.caPem,
		tenant,
		clientId,
		secret ?? app?.secrets[0]?.value ?? '',
	);
	if (r.status !== 200) throw new Error(`token failed: ${r.text}`);
	return r.json.access_token as string;
}

export function bearer(token: string): Record<string, string> {
	return { Authorization: `Bearer ${token}` };
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- claims are read ad hoc by each test
export function decodeJwt(token: string): Record<string, any> {
	return JSON.parse(Buffer.from(token.split('.')[1], 'base64url').toString('utf8'));
}

/** Asserts the documented token-endpoint error shape and returns the AADSTS code. */
export function aadCode(r: HttpResult): number {
	const b = r.json;
	expect(b).toEqual(
		expect.objectContaining({
			error: expect.any(String),
			error_description: expect.stringMatching(
				/^AADSTS\d+: .+\r\nTrace ID: [0-9a-f-]+\r\nCorrelation ID: [0-9a-f-]+\r\nTimestamp: \d{4}-\d\d-\d\d \d\d:\d\d:\d\dZ$/s,
			),
			error_codes: [expect.any(Number)],
			timestamp: expect.stringMatching(/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\dZ$/),
			trace_id: expect.any(String),
			correlation_id: expect.any(String),
			error_uri: expect.stringContaining('error?code='),
		}),
	);
	return b.error_codes[0];
}

/** Asserts the Defender error body and returns its code. */
export function apiCode(r: HttpResult): string {
	expect(r.json).toEqual({
		error: {
			code: expect.any(String),
			message: expect.any(String),
			target: r.headers['request-id'],
		},
	});
	return r.json.error.code;
}
