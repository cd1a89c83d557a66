/**
 * How a poll reports tenants it could not read. n8n only shows poll errors that are thrown, but a
 * thrown poll emits nothing: so one failing tenant is a warning (the others' alerts still flow; its
 * cursor stays put, or moves as far as the pages it read before the error, and the next poll
 * retries) and only a poll where no tenant got anything through throws.
 */
import { NodeApiError } from 'n8n-workflow';
import type { IPollFunctions, JsonObject } from 'n8n-workflow';

import { errorNamingTenant } from '../shared/transport';
import type { Tenant } from '../shared/transport';

/** The tenant's error with the tenant named in it, keeping n8n's class and HTTP details. */
export function tenantFailure(ctx: IPollFunctions, tenant: Tenant, error: Error): Error {
	return errorNamingTenant(ctx.getNode(), tenant, error);
}

export interface FailedTenant {
	tenant: Tenant;
	error: Error;
	/** The error came after some of the tenant's window was read: that part is emitted and kept. */
	progressKept?: boolean;
}

/** One line per failed tenant, for the warning and the error description. */
export function describeFailures(ctx: IPollFunctions, failed: readonly FailedTenant[]): string {
	const lines = failed.slice(0, 10).map(({ tenant, error, progressKept }) => {
		const e = tenantFailure(ctx, tenant, error);
		const advice = (e as NodeApiError).description;
		const kept = progressKept ? ' (the pages read before it are emitted and kept)' : '';
		return `${e.message}${kept}${advice ? ` — ${advice}` : ''}`;
	});
	if (failed.length > 10) lines.push(`…and ${failed.length - 10} more tenants`);
	return lines.join('\n');
}

/** Every tenant failed: one error naming them; a single tenant keeps its own error and advice. */
export function allTenantsFailed(ctx: IPollFunctions, failed: readonly FailedTenant[]): Error {
	if (failed.length === 1) return tenantFailure(ctx, failed[0].tenant, failed[0].error);
	return new NodeApiError(ctx.getNode(), { message: 'all tenants failed' } as JsonObject, {
		message: `Polling failed for all ${failed.length} customer tenants`,
		description: `${describeFailures(ctx, failed)}\nFix the tenants above (consent, licence, credential) or remove them from the trigger's tenants. Their cursors are kept, so nothing is lost: the next poll resumes where each tenant stopped.`,
	});
}
