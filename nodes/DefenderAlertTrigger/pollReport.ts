/**
 * How a poll ends: its items, the warnings an MSSP needs (tenants that failed, tenants the time
 * budget cut short, a skewed clock), and an error when every tenant failed. n8n only shows poll
 * errors that are thrown, but a thrown poll emits nothing: so one failing tenant is a warning.
 */
import type { INodeExecutionData, IPollFunctions } from 'n8n-workflow';

import type { TriggerConfig } from './config';
import { itemsOf } from './nextState';
import type { NextState } from './nextState';
import type { ServerClock } from './serverClock';
import { allTenantsFailed, describeFailures } from './tenantErrors';

function names(tenants: ReadonlyArray<{ tenantId: string; label?: string }>): string {
	const shown = tenants
		.slice(0, 10)
		.map((t) => (t.label ? `${t.label} (${t.tenantId})` : t.tenantId));
	return tenants.length > 10
		? `${shown.join(', ')} and ${tenants.length - 10} more`
		: shown.join(', ');
}

/**
 * @param keepStartingPoints the state was never written and n8n may drop what a failing poll
 *   wrote (durable cursors commit nothing of a poll that throws): such a poll does not throw but
 *   logs, so that n8n keeps where each tenant's polling starts.
 */
export function reportPoll(
	ctx: IPollFunctions,
	next: NextState,
	config: TriggerConfig,
	clock: ServerClock,
	keepStartingPoints = false,
): INodeExecutionData[][] | null {
	const { failed, outOfTime, notStarted } = next;
	// A tenant that failed after reading part of its window is among the results too.
	const total =
		failed.filter((f) => !f.progressKept).length + notStarted.length + next.results.length;
	if (failed.length > 0 && next.results.length === 0 && notStarted.length === 0) {
		const error = allTenantsFailed(ctx, failed);
		if (!keepStartingPoints) throw error;
		ctx.logger.error(
			`Defender Alert Trigger: ${error.message}. This first poll keeps each tenant's starting point and the next polls retry. ${(error as { description?: string }).description ?? ''}`,
		);
		return null;
	}
	if (failed.length > 0) {
		ctx.logger.warn(
			`Defender Alert Trigger: ${failed.length} of ${total} customer tenants failed this poll and will be retried on the next one; the others were polled.\n${describeFailures(ctx, failed)}`,
		);
	}
	if (outOfTime.length + notStarted.length > 0) {
		ctx.logger.info(
			`Defender Alert Trigger: the poll's time budget ran out; ${outOfTime.length} tenants keep the part of their window they read (${names(outOfTime)}) and ${notStarted.length} were not reached (${names(notStarted)}). The next poll continues with them first. If this happens every poll, poll less often, raise Tenant Concurrency or split the tenants over several triggers.`,
		);
	}
	const skew = clock.skewWarning(config.cursor.overlapMs);
	if (skew) ctx.logger.warn(`Defender Alert Trigger: ${skew}`);
	const items = itemsOf(next, config.output, config.formatOptions);
	return items.length > 0 ? [items] : null;
}
