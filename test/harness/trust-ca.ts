import tls from 'node:tls';
import type { SecureContextOptions } from 'node:tls';

const extraCas = new Set<string>();
let originalCreateSecureContext: typeof tls.createSecureContext | undefined;

/**
 * Makes every TLS client in this process (n8n-core's OutboundHttp agents, @n8n/client-oauth2's
 * axios calls, plain `https`) trust `pem` in addition to Node's built-in roots — with full
 * certificate and host name verification still on.
 *
 * Why this way: n8n builds a fresh `https.Agent` per request, so `https.globalAgent.options.ca`
 * is never consulted; `NODE_EXTRA_CA_CERTS` is read only at process start (and jest runs tests
 * in its own process); Node 20 has no `tls.setDefaultCACertificates`. Every client connection
 * goes through `tls.connect` → `tls.createSecureContext(options)`, so adding the CA where a
 * caller did not pass its own `ca` is the one in-process hook that covers them all.
 * Returns a function that removes the CA again.
 */
export function trustCa(pem: string | Buffer): () => void {
	const text = pem.toString();
	extraCas.add(text);
	if (!originalCreateSecureContext) {
		const original = tls.createSecureContext;
		originalCreateSecureContext = original;
		tls.createSecureContext = (options?: SecureContextOptions) => {
			if (extraCas.size === 0 || options?.ca !== undefined) return original(options);
			return original({ ...options, ca: [...tls.rootCertificates, ...extraCas] });
		};
	}
	return () => {
		extraCas.delete(text);
	};
}
