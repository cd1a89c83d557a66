/**
 * The stage of a Defender API call a profiled function belongs to, from its name, script URL and
 * package: what profileSummary.ts adds up to say where n8n's CPU goes per tenant call.
 */

const OURS = 'n8n-nodes-defender-mssp/dist/';

const OUR_FILES: Array<[RegExp, string]> = [
	[/shared\/alerts\/time\.js|transport\/(timeKeyset|paging)\.js/, 'ours: paging (keyset, times)'],
	[
		/transport\/(request|requestPlan|tenants|appToken|tokenCache|rateBudget|clouds|credentialCache|http|deadline|retry|resend|tenant|errors|attemptErrors)\.js/,
		'ours: request preparation',
	],
	[/alerts\/output|formats\/|tenantItems|listAlerts|alerts\/eventId/, 'ours: item building'],
];

const REQUEST_HELPER_PACKAGES = new Set([
	'axios',
	'follow-redirects',
	'proxy-from-env',
	'@n8n/backend-network',
	'qs',
	'form-data',
]);
const ENGINE_PACKAGES = new Set(['n8n', 'n8n-core', 'n8n-workflow', '@n8n/di', '@n8n/config']);
const DATABASE_PACKAGES = new Set(['sqlite3', '@n8n/typeorm', '@n8n/db']);

export function stageOf(functionName: string, url: string, pkg: string): string {
	if (functionName === '(idle)') return 'idle';
	if (functionName === '(garbage collector)') return 'garbage collection';
	if (functionName === '(program)') return 'V8 (program)';
	const ours = url.indexOf(OURS);
	if (ours >= 0) {
		const file = url.slice(ours + OURS.length);
		for (const [pattern, stage] of OUR_FILES) if (pattern.test(file)) return stage;
		return 'ours: other';
	}
	if (url.startsWith('node:')) {
		if (/^node:(_tls_|tls|https|internal\/tls)/.test(url))
			return 'TLS: a new connection per request';
		if (/^node:(internal\/modules|internal\/fs|fs$|vm$|path$)/.test(url))
			return 'module loading, fs (start-up)';
		if (/^node:buffer/.test(url)) return 'response decoding (bytes → string → JSON)';
		return 'node: HTTP, sockets, streams, events';
	}
	if (url === '' && (functionName === 'parse' || functionName === 'stringify'))
		return 'response decoding (bytes → string → JSON)';
	if (pkg === 'axios' && functionName === 'transformResponse')
		return 'response decoding (bytes → string → JSON)';
	if (REQUEST_HELPER_PACKAGES.has(pkg) || /request-helpers/.test(url))
		return "n8n's request helper (backend-network, axios, redirects, proxy)";
	if (ENGINE_PACKAGES.has(pkg)) return "n8n's engine (n8n, n8n-core, n8n-workflow)";
	if (pkg === 'n8n-nodes-base') return 'the other nodes (Webhook, Summarize, Respond)';
	if (DATABASE_PACKAGES.has(pkg)) return 'database (SQLite)';
	if (url === '') return 'native builtins (regexps, natives)';
	return `other: ${pkg}`;
}
