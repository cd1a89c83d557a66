/**
 * RS256 JSON Web Tokens signed with the sandbox's key, and the JWKS that publishes it.
 * Verification is what the Defender API side uses (signature, exp/nbf on the sandbox clock).
 */
import { createHash, generateKeyPair, sign, verify, KeyObject } from 'node:crypto';

export type JwtClaims = Record<string, unknown> & {
	aud?: string;
	iss?: string;
	tid?: string;
	exp?: number;
	nbf?: number;
	iat?: number;
	roles?: string[];
	scp?: string;
	appid?: string;
	azp?: string;
	oid?: string;
	uti?: string;
};

const b64url = (b: Buffer | string) => Buffer.from(b).toString('base64url');

export class SigningKey {
	private constructor(
		readonly privateKey: KeyObject,
		readonly publicKey: KeyObject,
		readonly kid: string,
	) {}

	private static shared: Promise<SigningKey> | undefined;

	/** One key per process (RSA key generation costs ~1 s on a busy machine); sandboxes in a process share it. */
	static async processKey(): Promise<SigningKey> {
		if (!SigningKey.shared) SigningKey.shared = SigningKey.create();
		return SigningKey.shared;
	}

	static async create(): Promise<SigningKey> {
		const { privateKey, publicKey } = await new Promise<{
			privateKey: KeyObject;
			publicKey: KeyObject;
		}>((resolve, reject) =>
			generateKeyPair('rsa', { modulusLength: 2048 }, (err, pub, priv) =>
				err ? reject(err) : resolve({ publicKey: pub, privateKey: priv }),
			),
		);
		const der = publicKey.export({ type: 'spki', format: 'der' });
		const kid = createHash('sha1').update(der).digest('base64url').slice(0, 27);
		return new SigningKey(privateKey, publicKey, kid);
	}

	sign(claims: JwtClaims): string {
		const header = { typ: 'JWT', alg: 'RS256', kid: this.kid, x5t: this.kid };
		const input = `${b64url(JSON.stringify(header))}.${b64url(JSON.stringify(claims))}`;
		const sig = sign('RSA-SHA256', Buffer.from(input), this.privateKey);
		return `${input}.${b64url(sig)}`;
	}

	jwk(issuer?: string): Record<string, unknown> {
		const jwk = this.publicKey.export({ format: 'jwk' }) as { n: string; e: string };
		return {
			kty: 'RSA',
			use: 'sig',
			kid: this.kid,
			x5t: this.kid,
			n: jwk.n,
			e: jwk.e,
			...(issuer ? { issuer } : {}),
		};
	}
}

/** Decodes without verifying (used only to route faults by tenant before authentication). */
export function decodeUnverified(token: string): JwtClaims | undefined {
	const parts = token.split('.');
	if (parts.length !== 3) return undefined;
	try {
		const claims = JSON.parse(Buffer.from(parts[1], 'base64url').toString('utf8'));
		return claims && typeof claims === 'object' ? (claims as JwtClaims) : undefined;
	} catch {
		return undefined;
	}
}

export type VerifyResult = { ok: true; claims: JwtClaims } | { ok: false; reason: string };

export function verifyJwt(
	token: string,
	key: SigningKey,
	nowSeconds: number,
	skewSeconds = 300,
): VerifyResult {
	const parts = token.split('.');
	if (parts.length !== 3) return { ok: false, reason: 'The token is not a well-formed JWT' };
	let header: { alg?: string; kid?: string };
	try {
		header = JSON.parse(Buffer.from(parts[0], 'base64url').toString('utf8'));
	} catch {
		return { ok: false, reason: 'The token header is not valid JSON' };
	}
	if (header.alg !== 'RS256')
		return { ok: false, reason: `Unsupported token algorithm '${header.alg}'` };
	if (header.kid !== key.kid) return { ok: false, reason: 'The token signing key is unknown' };
	const good = verify(
		'RSA-SHA256',
		Buffer.from(`${parts[0]}.${parts[1]}`),
		key.publicKey,
		Buffer.from(parts[2], 'base64url'),
	);
	if (!good) return { ok: false, reason: 'The token signature is invalid' };
	const claims = decodeUnverified(token);
	if (!claims) return { ok: false, reason: 'The token payload is not valid JSON' };
	if (typeof claims.exp !== 'number' || claims.exp <= nowSeconds)
		return { ok: false, reason: 'The token is expired' };
	if (typeof claims.nbf === 'number' && claims.nbf > nowSeconds + skewSeconds)
		return { ok: false, reason: 'The token is not yet valid' };
	return { ok: true, claims };
}
