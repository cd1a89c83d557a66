/** Small HTTP helpers shared by the identity, API and control routes. */
import type { IncomingMessage, ServerResponse } from 'node:http';

export interface Ctx {
	req: IncomingMessage;
	res: ServerResponse;
	url: URL;
	method: string;
	path: string;
	requestId: string;
	startedAt: number;
	/** Filled in by routes for the request log and counters. */
	tenantId?: string;
	clientId?: string;
	family?: string;
	fault?: string;
	latencyMs?: number;
	bodyCache?: Buffer;
}

const MAX_BODY = 16 * 1024 * 1024;

export class BodyTooLarge extends Error {}

export async function readBody(ctx: Ctx): Promise<Buffer> {
	if (ctx.bodyCache) return ctx.bodyCache;
	const chunks: Buffer[] = [];
	let size = 0;
	for await (const chunk of ctx.req) {
		size += (chunk as Buffer).length;
		if (size > MAX_BODY) throw new BodyTooLarge('request body too large');
		chunks.push(chunk as Buffer);
	}
	ctx.bodyCache = Buffer.concat(chunks);
	return ctx.bodyCache;
}

export async function readForm(ctx: Ctx): Promise<URLSearchParams> {
	return new URLSearchParams((await readBody(ctx)).toString('utf8'));
}

/** Parses a JSON body; `undefined` for an empty body; throws SyntaxError for bad JSON. */
export async function readJson(ctx: Ctx): Promise<unknown> {
	const text = (await readBody(ctx)).toString('utf8');
	if (!text.trim()) return undefined;
	return JSON.parse(text);
}

export function send(
	ctx: Ctx,
	status: number,
	body: string | Buffer,
	headers: Record<string, string> = {},
): void {
	const { res } = ctx;
	if (res.headersSent || res.destroyed) return;
	res.statusCode = status;
	for (const [k, v] of Object.entries(headers)) res.setHeader(k, v);
	res.setHeader('Content-Length', Buffer.byteLength(body));
	res.end(body);
}

export function sendJson(
	ctx: Ctx,
	status: number,
	body: unknown,
	headers: Record<string, string> = {},
): void {
	send(ctx, status, body === undefined ? '' : JSON.stringify(body), {
		'Content-Type': 'application/json; charset=utf-8',
		...headers,
	});
}

export function sendHtml(ctx: Ctx, status: number, html: string): void {
	send(ctx, status, html, {
		'Content-Type': 'text/html; charset=utf-8',
		'Cache-Control': 'no-store',
	});
}

export function redirect(ctx: Ctx, location: string): void {
	send(ctx, 302, '', { Location: location, 'Cache-Control': 'no-store' });
}

export function escapeHtml(s: string): string {
	return s.replace(
		/[&<>"']/g,
		(c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] as string,
	);
}

export function isLoopback(ctx: Ctx): boolean {
	const a = ctx.req.socket.remoteAddress ?? '';
	return a === '127.0.0.1' || a === '::1' || a === '::ffff:127.0.0.1';
}
