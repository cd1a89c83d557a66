/**
 * n8n's internal REST calls needed to get a public-API key headlessly (no env var seeds one):
 * create the first owner (which also logs in: `n8n-auth` cookie), list the API-key scopes, create
 * a key with all of them. `/healthz` answers before /rest is mounted, hence the retry on 404/503.
 */
import { sleep } from './processes';

export interface OwnerSession {
	cookie: string;
	email: string;
	password: string;
}

// n8n binds the auth cookie to this header when present; sending the same value always is simplest.
const BROWSER_ID = 'defender-mssp-e2e';

async function rest(
	baseUrl: string,
	path: string,
	init: { method?: string; body?: unknown; cookie?: string } = {},
): Promise<{ status: number; json: { data?: unknown }; setCookie: string[] }> {
	for (let attempt = 0; ; attempt++) {
		const res = await fetch(`${baseUrl}/rest${path}`, {
			method: init.method ?? 'GET',
			headers: {
				'Content-Type': 'application/json',
				'browser-id': BROWSER_ID,
				...(init.cookie ? { Cookie: init.cookie } : {}),
			},
			body: init.body === undefined ? undefined : JSON.stringify(init.body),
		});
		const text = await res.text();
		if ((res.status === 404 || res.status === 503) && attempt < 40) {
			await sleep(250);
			continue;
		}
		if (!res.ok) throw new Error(`${init.method ?? 'GET'} /rest${path} → ${res.status} ${text}`);
		return {
			status: res.status,
			json: JSON.parse(text) as { data?: unknown },
			setCookie: res.headers.getSetCookie(),
		};
	}
}

/** The instance owner every e2e host gets; the browser tests sign in to the editor with it. */
export const OWNER = { email: 'owner@mssp.example', password: 'E2e-Owner-Passw0rd!' };

export async function setupOwner(baseUrl: string): Promise<OwnerSession> {
	const { email, password } = OWNER;
	const r = await rest(baseUrl, '/owner/setup', {
		method: 'POST',
		body: { email, firstName: 'E2E', lastName: 'Owner', password },
	});
	const auth = r.setCookie.map((c) => c.split(';')[0]).find((c) => c.startsWith('n8n-auth='));
	if (!auth) throw new Error('POST /rest/owner/setup set no n8n-auth cookie');
	return { cookie: auth, email, password };
}

export async function createApiKey(baseUrl: string, session: OwnerSession): Promise<string> {
	const scopes = (await rest(baseUrl, '/api-keys/scopes', { cookie: session.cookie })).json
		.data as string[];
	const r = await rest(baseUrl, '/api-keys', {
		method: 'POST',
		cookie: session.cookie,
		body: { label: 'e2e', scopes, expiresAt: null },
	});
	const key = (r.json.data as { rawApiKey?: string }).rawApiKey;
	if (!key) throw new Error(`POST /rest/api-keys returned no rawApiKey: ${JSON.stringify(r.json)}`);
	return key;
}
