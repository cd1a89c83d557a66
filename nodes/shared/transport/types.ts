/**
 * Public types of the Defender transport. Every node talks to Defender through these and nothing
 * else, so a node never handles a token, a secret or a base URL itself.
 */
import type {
	IDataObject,
	IExecuteFunctions,
	IHookFunctions,
	IHttpRequestMethods,
	ILoadOptionsFunctions,
	IPollFunctions,
} from 'n8n-workflow';

/** Value of the node parameter `authentication`; equals the credential type name. */
export type DefenderAuthentication = 'defenderMsspAppApi' | 'defenderMsspOAuth2Api';

/** The n8n function contexts the transport runs in. */
export type DefenderFunctions =
	| IExecuteFunctions
	| IPollFunctions
	| ILoadOptionsFunctions
	| IHookFunctions;

/** A customer tenant as the nodes see it. `label` is the MSSP's display name for the customer. */
export interface Tenant {
	tenantId: string;
	label?: string;
	/** API region for this tenant (app credential's list); overrides the credential's default. */
	region?: string;
}

/**
 * Which tenants an operation runs on (node parameter `tenantScope`):
 * - `credential`: the OAuth2 credential's own tenant (the only choice with OAuth2);
 * - `one`: one tenant (`tenantId` parameter, picked from the app credential's list or typed);
 * - `list`: several tenants (`tenantIds` parameter);
 * - `all`: every tenant listed on the app credential.
 */
export type TenantScope = 'credential' | 'one' | 'list' | 'all';

/**
 * Microsoft gives each endpoint family its own quota per app and tenant, so each gets its own
 * request budget: a burst of batch updates must not eat the alert-list quota.
 */
export type EndpointFamily =
	| 'alerts'
	| 'alertsBatchUpdate'
	| 'machines'
	| 'machineActions'
	| 'indicators'
	| 'indicatorsImport'
	| 'advancedHunting'
	| 'other';

/** Retry behaviour. Defaults suit production; tests shrink the waits. */
export interface RetryPolicy {
	/** Attempts after the first one for 5xx, resets and timeouts. */
	maxRetries: number;
	/** First backoff in ms; doubles per attempt, with full jitter. */
	baseDelayMs: number;
	/** No single backoff is longer than this. */
	maxDelayMs: number;
	/** Longest single 429 wait the transport accepts; past it the request fails with advice. */
	maxRetryWaitSeconds: number;
	/** Number of 429 responses honoured for one request before giving up. */
	maxThrottleRetries: number;
	/** Per-attempt timeout in ms. */
	timeoutMs: number;
}

/** Sliding-window budget per tenant and endpoint family. */
export interface BudgetPolicy {
	/** Calls allowed per window; Defender allows 100/min on most families. */
	limit: number;
	/** Window length in ms. */
	windowMs: number;
}

/** Knobs that tests (and advanced callers) pass per request; never read from the environment. */
export interface TransportTuning {
	retry?: Partial<RetryPolicy>;
	budget?: Partial<BudgetPolicy>;
}

/** One Defender API request. */
export interface DefenderRequest {
	/** Which credential signs the request; the node's Authentication parameter when omitted. */
	authentication?: DefenderAuthentication;
	tenant: Tenant;
	method: IHttpRequestMethods;
	/** Path under the API base, starting with `/api/`, e.g. `/api/alerts/{id}`. */
	path: string;
	qs?: IDataObject;
	body?: IDataObject | IDataObject[];
	/** Item the request belongs to, for the error's item index. */
	itemIndex?: number;
	/** Quota family; derived from `path` when omitted. */
	family?: EndpointFamily;
	/**
	 * Whether sending the request twice leaves Defender as sending it once; derived from the
	 * method, family and body when omitted (resend.ts). One that is not is never sent again after
	 * an attempt that may have reached Defender: the error says the change may have been applied.
	 */
	idempotent?: boolean;
	/**
	 * Overrides `tuning.retry.maxRetryWaitSeconds`; when omitted, the node's Options → Max Retry
	 * Wait is used if the node has it and it is set.
	 */
	maxRetryWaitSeconds?: number;
	tuning?: TransportTuning;
	/**
	 * Epoch ms by which the request must be done (a trigger's poll budget): every wait and the
	 * socket timeout are cut to it, and running out throws `DeadlineReached`.
	 */
	deadline?: number;
	/**
	 * Called with each response's `Date` header (Defender's clock, undefined when absent or
	 * unreadable) and when the attempt was sent and answered on this machine's clock.
	 */
	onServerDate?: (serverMs: number | undefined, sentAtMs: number, receivedAtMs: number) => void;
}

/** An OData list request (`GET`), paged by a keyset on an immutable time or in the server's order. */
export interface DefenderListRequest extends Omit<DefenderRequest, 'method' | 'body'> {
	/** Stop after this many items; omit to return everything. */
	limit?: number;
	/** `$top` per page; default 10,000 (the API's maximum). */
	pageSize?: number;
	/**
	 * How to page stably. Default for `/api/alerts`: `ALERT_PAGING` (see timeKeyset.ts). Pass `null`
	 * to page in the server's order (only for lists without an immutable time to key on).
	 */
	stableOrder?: StableOrder | null;
	/** Hard stop on the number of pages (loop guard); default 1,000. */
	maxPages?: number;
}

/**
 * A stable paging order for a keyset listing (see timeKeyset.ts): `timeField` must be a time that
 * never changes once an item exists (alerts: creation time), `idField` its unique id; the listing
 * is ordered by both, oldest first unless `newestFirst`.
 */
export interface StableOrder {
	timeField: string;
	idField: string;
	newestFirst?: boolean;
}

/** One page of an OData list: its items and the next link the server sent, if any. */
export interface ODataList {
	value: IDataObject[];
	nextLink?: string;
}

/** Options of `defenderApiRequestAllItems`/`defenderApiPages` beyond the list request. */
export type DefenderPage<T> = T[];
