/**
 * `npm run sandbox [-- --port 8443] [--json] [--count 300] [--tenants 0] [--keep-alive-ms 5000] [--clock-offset-ms -90000]`
 * Starts the sandbox tenant alone, seeds alerts in three customer tenants, prints the URLs, the CA
 * path and ready-to-paste credential values, and stays up until Ctrl-C.
 * `--json` prints one JSON line with the same values (for scripts), then keeps serving.
 * `--clock-offset-ms N` starts the sandbox (Defender) clock N ms off this machine's (negative: behind).
 */
import { join } from 'node:path';
import { startSandbox } from './server';

function arg(name: string): string | undefined {
	const i = process.argv.indexOf(`--${name}`);
	if (i >= 0) return process.argv[i + 1];
	const eq = process.argv.find((a) => a.startsWith(`--${name}=`));
	return eq?.split('=').slice(1).join('=');
}

async function main(): Promise<void> {
	const json = process.argv.includes('--json');
	const port = arg('port') ? Number(arg('port')) : undefined;
	const count = Number(arg('count') ?? 300);
	const extraTenants = Number(arg('tenants') ?? 0);
	const keepAliveTimeoutMs = arg('keep-alive-ms') ? Number(arg('keep-alive-ms')) : undefined;
	const clockOffsetMs = Number(arg('clock-offset-ms') ?? 0);
	if (!Number.isFinite(clockOffsetMs))
		throw new Error(
			`--clock-offset-ms '${arg('clock-offset-ms')}' is not a number of milliseconds (e.g. -90000)`,
		);
	const sb = await startSandbox({
		port,
		extraTenants,
		keepAliveTimeoutMs,
		clockOffsetMs,
		caDir: arg('ca-dir') ?? join(process.cwd(), '.sandbox'),
	});
	const seeded = [sb.tenants.fabrikam, sb.tenants.northwind, sb.tenants.tailspin];
	for (const [i, t] of seeded.entries()) await sb.control.seedAlerts(t.id, { count, seed: 7 + i });

	const info = {
		origin: sb.origin,
		loginBaseUrl: sb.loginBaseUrl,
		apiBaseUrl: sb.apiBaseUrl,
		controlBaseUrl: sb.controlBaseUrl,
		caPath: sb.caPath,
		clientId: sb.credentials.clientId,
		clientSecret: sb.credentials.clientSecret,
		expiredClientSecret: sb.credentials.expiredClientSecret,
		tenants: Object.fromEntries(
			Object.entries(sb.tenants).map(([k, t]) => [
				k,
				{
					id: t.id,
					domain: t.domain,
					displayName: t.displayName,
					defenderLicensed: t.defenderLicensed,
					msspConsented: t.consentedApps.has(sb.credentials.clientId),
					msspAuthorized: t.authorizedApps.has(sb.credentials.clientId),
				},
			]),
		),
		seededTenants: seeded.map((t) => t.id),
		alertsPerTenant: count,
		clockOffsetMs: sb.clock.offset,
	};
	if (json) {
		process.stdout.write(`${JSON.stringify(info)}\n`);
	} else {
		const lines = [
			'Defender MSSP sandbox tenant is up.',
			'',
			`  Login base URL   ${sb.loginBaseUrl}`,
			`  API base URL     ${sb.apiBaseUrl}`,
			`  Control API      ${sb.controlBaseUrl}  (loopback only)`,
			`  CA certificate   ${sb.caPath}`,
			...(clockOffsetMs
				? [
						`  Sandbox clock    ${new Date(sb.clock.now()).toISOString()}  (${clockOffsetMs} ms off this machine's)`,
					]
				: []),
			`                   trust it: NODE_EXTRA_CA_CERTS=${sb.caPath}`,
			'',
			'  MSSP app (multi-tenant) credential — "Custom endpoints" cloud:',
			`    Client ID      ${sb.credentials.clientId}`,
			`    Client secret  ${sb.credentials.clientSecret}`,
			`    (expired secret, for the error path: ${sb.credentials.expiredClientSecret})`,
			'',
			'  Customer tenants:',
			...Object.values(info.tenants).map(
				(t) =>
					`    ${t.id}  ${t.domain.padEnd(34)} ${t.displayName}` +
					`${t.defenderLicensed ? '' : '  [no Defender licence]'}${t.msspConsented ? '' : '  [MSSP app not consented]'}` +
					`${t.msspConsented && !t.msspAuthorized ? '  [MSSP app not authorized in portal]' : ''}`,
			),
			'',
			`  Seeded ${count} alerts in each of: ${seeded.map((t) => t.displayName).join(', ')}`,
			'',
			'  Try:',
			`    curl --cacert ${sb.caPath} -d grant_type=client_credentials -d client_id=${sb.credentials.clientId} \\`,
			`      --data-urlencode client_secret='${sb.credentials.clientSecret}' \\`,
			`      -d scope=https://api.securitycenter.microsoft.com/.default ${sb.loginBaseUrl}/${sb.tenants.fabrikam.domain}/oauth2/v2.0/token`,
			'',
			'Press Ctrl-C to stop.',
		];
		process.stdout.write(`${lines.join('\n')}\n`);
	}
	const stop = () => {
		void sb.stop().then(() => process.exit(0));
	};
	process.on('SIGINT', stop);
	process.on('SIGTERM', stop);
}

main().catch((e) => {
	process.stderr.write(`sandbox failed to start: ${(e as Error).stack ?? e}\n`);
	process.exit(1);
});
