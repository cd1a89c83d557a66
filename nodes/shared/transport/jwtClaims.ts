/**
 * Reads the claims of a token Entra ID just issued to us over TLS. The signature is not verified:
 * the claims only label the output (who signed in, which permissions), they grant nothing.
 */
import type { IDataObject } from 'n8n-workflow';

export function decodeJwtPayload(token: unknown): IDataObject {
	if (typeof token !== 'string') return {};
	const part = token.split('.')[1];
	if (!part) return {};
	try {
		const value: unknown = JSON.parse(Buffer.from(part, 'base64url').toString('utf8'));
		return value && typeof value === 'object' && !Array.isArray(value)
			? (value as IDataObject)
			: {};
	} catch {
		return {};
	}
}

export function stringClaim(claims: IDataObject, ...names: string[]): string | undefined {
	for (const name of names) {
		const value = claims[name];
		if (typeof value === 'string' && value !== '') return value;
	}
	return undefined;
}
