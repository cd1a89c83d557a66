/**
 * nextLink mode 'serverPaging': the service caps every page at a page size of its own, below the
 * client's `$top` too, and links to the rest. OData 4.01 Protocol §11.2.6.7 (Server-Driven Paging):
 * a response holding a partial set of the requested items must carry a next link, and clients treat
 * it as opaque; Microsoft Graph's paging doc (learn.microsoft.com/graph/paging): a server may page
 * by itself, clients keep following `@odata.nextLink` until there is none, and use the URL as given
 * (its `$skiptoken` belongs to that request). So a client that stops at the first short page loses rows.
 *
 * The link is the request's own origin and path with its other options ($filter, $orderby,
 * $expand) unchanged and `$top`/`$skip` replaced by an opaque `$skiptoken` holding the offset and
 * what is left of `$top`, bound to that $filter/$orderby/$expand. Continuation is by offset in the
 * same ordered query, as Defender's own `$skip` links are.
 */
import { createHash } from 'node:crypto';
import type { ListQuery } from '../defender/alertStore';
import { parseSkip, parseTop } from '../defender/odata';
import type { Ctx } from '../http';
import type { SandboxState } from '../state';
import { ApiError } from './errors';

interface Continuation {
	skip: number;
	/** What is left of the client's `$top`; undefined when it sent none (every match, page by page). */
	top?: number;
}

export interface ServerPage {
	/** What the store is asked for: this page only. */
	storeQuery: ListQuery;
	nextLink(returned: number, matched: number): string | undefined;
}

/** Throws unless `n` is a usable server page size (an integer 1…10,000, the API's maximum page). */
export function checkServerPageSize(n: unknown): number {
	if (typeof n !== 'number' || !Number.isInteger(n) || n < 1 || n > 10_000) {
		throw new Error(`pageSize must be an integer from 1 to 10000 (got ${JSON.stringify(n)})`);
	}
	return n;
}

const bad = (message: string) => new ApiError(400, 'ODataError', message);

function queryKey(q: ListQuery): string {
	return createHash('sha256')
		.update(JSON.stringify([q.$filter ?? null, q.$orderby ?? null, q.$expand ?? null]))
		.digest('base64url')
		.slice(0, 16);
}

function encode(c: Continuation, q: ListQuery): string {
	return Buffer.from(JSON.stringify({ s: c.skip, t: c.top ?? null, q: queryKey(q) })).toString(
		'base64url',
	);
}

function decode(raw: string, q: ListQuery): Continuation {
	let t: { s?: unknown; t?: unknown; q?: unknown } | undefined;
	try {
		t = JSON.parse(Buffer.from(raw, 'base64url').toString('utf8'));
	} catch {
		t = undefined;
	}
	const okInt = (v: unknown) => typeof v === 'number' && Number.isSafeInteger(v) && v >= 0;
	if (!t || !okInt(t.s) || (t.t !== null && !okInt(t.t)))
		throw bad(
			`The $skiptoken '${raw}' is not valid. Send the @odata.nextLink URL as it was returned.`,
		);
	if (t.q !== queryKey(q)) {
		throw bad(
			'The $skiptoken belongs to a request with another $filter, $orderby or $expand. Send the @odata.nextLink URL as it was returned.',
		);
	}
	return { skip: t.s as number, top: t.t === null ? undefined : (t.t as number) };
}

/** The page to serve for a list request under server-driven paging (or one carrying a $skiptoken). */
export function serverPage(
	state: SandboxState,
	ctx: Ctx,
	tenantId: string,
	q: ListQuery,
	skiptoken: string | null,
): ServerPage {
	let window: Continuation;
	if (skiptoken !== null) {
		if (q.$skip !== undefined || q.$top !== undefined) {
			throw bad(
				'The $skiptoken query option cannot be combined with $skip or $top. Send the @odata.nextLink URL as it was returned.',
			);
		}
		window = decode(skiptoken, q);
	} else {
		window = { skip: parseSkip(q.$skip), top: q.$top !== undefined ? parseTop(q.$top) : undefined };
	}
	const size = state.serverPageSizeFor(tenantId);
	const take = window.top === undefined ? size : Math.min(size, window.top);
	const storeQuery: ListQuery = { ...q, $skip: String(window.skip), $top: String(take) };
	return {
		storeQuery,
		nextLink(returned, matched) {
			const left = window.top === undefined ? undefined : window.top - returned;
			if (matched <= window.skip + returned || left === 0) return undefined;
			const token = encode({ skip: window.skip + returned, top: left }, q);
			const parts = ctx.url.search
				.replace(/^\?/, '')
				.split('&')
				.filter((kv) => kv && !/^(\$|%24)(skip|top|skiptoken)=/i.test(kv));
			parts.push(`$skiptoken=${token}`);
			return `${state.origin}${ctx.path}?${parts.join('&')}`;
		},
	};
}
