/**
 * Shared by the benchmarks (not tests): the sandbox tenant in a child process (so that its CPU and
 * memory are not the measured client's), a raw HTTP client paging alerts the way a hand-written
 * integration would (the floor), the sandbox serving the same pages with nobody parsing them,
 * medians and number formatting.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { get as httpsGet, Agent } from 'node:https';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import axios, { type AxiosInstance } from 'axios';

export interface SandboxInfo {
	origin: string;
	loginBaseUrl: string;
	apiBaseUrl: string;
	controlBaseUrl: string;
	caPath: string;
	clientId: string;
	clientSecret: string;
	tenants: Record<string, { id: string }>;
}

/** `npm run sandbox -- --json` in a child process; resolves with its info line. */
export async function startSandboxProcess(
	caDir: string,
	extraArgs: string[] = [],
): Promise<{ child: ChildProcess; info: SandboxInfo }> {
	const cli = join(__dirname, '../sandbox/cli.ts');
	const child = spawn(
		process.execPath,
		// 100,000 alerts with evidence and their serialised pages need more than the default heap.
		[
			'--max-old-space-size=6144',
			require.resolve('ts-node/dist/bin.js'),
			'--transpile-only',
			cli,
		].concat(['--json', '--count', '0', '--ca-dir', caDir, ...extraArgs]),
		{ stdio: ['ignore', 'pipe', 'inherit'] },
	);
	const line = await new Promise<string>((resolve, reject) => {
		const rl = createInterface({ input: child.stdout as NodeJS.ReadableStream });
		rl.once('line', resolve);
		child.once('exit', (code) => reject(new Error(`sandbox exited with ${code}`)));
	});
	return { child, info: JSON.parse(line) as SandboxInfo };
}

export const PAGE = 10_000;
/** The order Fetch Alerts pages in; the raw client and the HTTP Request workflow use it too. */
export const ORDER_BY = 'alertCreationTime asc,id asc';

/** A keep-alive HTTPS client trusting the sandbox CA; `destroy()` closes its sockets. */
export function rawClient(ca: string): { http: AxiosInstance; agent: Agent; destroy(): void } {
	const agent = new Agent({ ca, keepAlive: true });
	return { http: axios.create({ httpsAgent: agent }), agent, destroy: () => agent.destroy() };
}

/**
 * A raw client that opens a new TLS connection for every request, as n8n 2.41's request helper
 * does for every node: it builds a new https.Agent per request (@n8n/backend-network,
 * `setAxiosAgents` in dist/http/axios/utils.js), so nothing is kept alive between two calls.
 */
export function rawClientPerConnection(ca: string): { http: AxiosInstance; destroy: () => void } {
	const http = axios.create();
	http.interceptors.request.use((config) => {
		config.httpsAgent = new Agent({ ca });
		return config;
	});
	return { http, destroy: () => undefined };
}

export async function rawToken(
	info: SandboxInfo,
	http: AxiosInstance,
	tenantId: string,
): Promise<string> {
	const token = await http.post(
		`${info.loginBaseUrl}/${tenantId}/oauth2/v2.0/token`,
		new URLSearchParams({
			grant_type: 'client_credentials',
			client_id: info.clientId,
			client_secret: info.clientSecret,
			scope: 'https://api.securitycenter.microsoft.com/.default',
		}),
	);
	return token.data.access_token as string;
}

export interface RawOptions {
	tenantId: string;
	evidence: boolean;
	limit?: number;
	/** A token obtained earlier (as a client caching tokens has); else one is requested first. */
	token?: string;
}

/** `$top`/`$skip` pages of `PAGE` until a short page: every alert, parsed. */
export async function rawFetchAll(
	info: SandboxInfo,
	http: AxiosInstance,
	o: RawOptions,
): Promise<unknown[]> {
	const token = o.token ?? (await rawToken(info, http, o.tenantId));
	const headers = { Authorization: `Bearer ${token}` };
	const limit = o.limit ?? Number.POSITIVE_INFINITY;
	const alerts: unknown[] = [];
	for (let skip = 0; alerts.length < limit; skip += PAGE) {
		const top = Math.min(PAGE, limit - alerts.length);
		const page = await http.get(`${info.apiBaseUrl}/api/alerts`, {
			headers,
			params: {
				$top: top,
				$skip: skip,
				...(o.evidence ? { $expand: 'evidence' } : {}),
				$orderby: ORDER_BY,
			},
		});
		const value = page.data.value as unknown[];
		for (const a of value) alerts.push(a);
		if (value.length < top) break;
	}
	return alerts;
}

/**
 * The sandbox alone: the pages rawFetchAll reads for `alerts` alerts (the full ones and the short
 * or empty last one), counted but never decoded or parsed. What is left is the sandbox
 * serialising the pages plus TLS on loopback.
 */
export async function sandboxServeAll(
	info: SandboxInfo,
	ca: string,
	o: RawOptions & { alerts: number },
): Promise<{ pages: number; bytes: number }> {
	const client = rawClient(ca);
	try {
		const token = o.token ?? (await rawToken(info, client.http, o.tenantId));
		let pages = 0;
		let bytes = 0;
		for (let skip = 0; skip <= o.alerts; skip += PAGE) {
			const q = new URLSearchParams({
				$top: String(PAGE),
				$skip: String(skip),
				$orderby: ORDER_BY,
			});
			if (o.evidence) q.set('$expand', 'evidence');
			const url = `${info.apiBaseUrl}/api/alerts?${q.toString()}`;
			bytes += await new Promise<number>((resolve, reject) => {
				httpsGet(
					url,
					{ agent: client.agent, headers: { Authorization: `Bearer ${token}` } },
					(res) => {
						let n = 0;
						res.on('data', (chunk: Buffer) => (n += chunk.length));
						res.on('end', () =>
							res.statusCode === 200 ? resolve(n) : reject(new Error(`HTTP ${res.statusCode}`)),
						);
						res.on('error', reject);
					},
				).on('error', reject);
			});
			pages++;
		}
		return { pages, bytes };
	} finally {
		client.destroy();
	}
}

export function median(values: number[]): number {
	const s = [...values].sort((a, b) => a - b);
	const m = Math.floor(s.length / 2);
	return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

export const fixed = (n: number, digits = 2) => (Number.isFinite(n) ? n.toFixed(digits) : 'n/a');
