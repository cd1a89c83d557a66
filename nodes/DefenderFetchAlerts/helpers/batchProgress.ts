/**
 * What a Batch Update had done when one of its calls failed. The alerts go to Defender in several
 * calls, and a comment is appended again each time it is sent, so a user who runs the whole list
 * again after batch 2 failed posts batch 1's comments twice. The error therefore says which alerts
 * were certainly updated, which may have been, and which were never sent, so that only the rest
 * is run again.
 */
import { NodeApiError, NodeOperationError } from 'n8n-workflow';
import type { INode } from 'n8n-workflow';

/** Where in the alert list the failed call was: `[start, end)` positions. */
export interface FailedBatch {
	start: number;
	end: number;
	/** 1-based number of the failed call, and how many calls the list needed. */
	number: number;
	count: number;
}

/**
 * Whether Defender answered the failed call with a refusal. Its validation is all-or-nothing, so
 * a 4xx (or a sign-in that failed before sending) changed nothing. Anything else, a lost answer
 * above all, may have reached Defender.
 */
function certainlyNotApplied(error: Error): boolean {
	const status = Number((error as NodeApiError).httpCode);
	return status >= 400 && status < 500;
}

function span(ids: string[], start: number, end: number): string {
	const edges = end - start === 1 ? ids[start] : `${ids[start]} … ${ids[end - 1]}`;
	return `alerts ${start + 1}–${end} of the list (${end - start}: ${edges})`;
}

function rerunFrom(ids: string[], start: number): string {
	return `${span(ids, start, ids.length)}, e.g. with the expression's list followed by .slice(${start})`;
}

/** The sentences that say what was applied, what may have been, and what to run again. */
export function batchProgressDescription(ids: string[], batch: FailedBatch, error: Error): string {
	const parts = [`Call ${batch.number} of ${batch.count} of this Batch Update failed.`];
	parts.push(
		batch.start > 0
			? `Applied (Defender confirmed them): ${span(ids, 0, batch.start)}.`
			: 'No earlier call was made, so nothing of the list was applied before it.',
	);
	const notSent = batch.end < ids.length ? ` Not sent: ${span(ids, batch.end, ids.length)}.` : '';
	if (certainlyNotApplied(error)) {
		parts.push(
			`Not applied (Defender refused the call): ${span(ids, batch.start, batch.end)}.${notSent}`,
			`After fixing the cause, run again with only ${rerunFrom(ids, batch.start)}.`,
		);
	} else {
		const rest =
			batch.end < ids.length
				? `If they were, run again with only ${rerunFrom(ids, batch.end)}; if not, with ${rerunFrom(ids, batch.start)}.`
				: `If they were not, run again with only ${rerunFrom(ids, batch.start)}; if they were, nothing is left to do.`;
		parts.push(
			`May have been applied: ${span(ids, batch.start, batch.end)}.${notSent}`,
			`Check whether those were updated before running again. ${rest}`,
		);
	}
	return parts.join(' ');
}

/**
 * `error` with the progress added to its description and, as id lists, to its context (the
 * transport's message and advice are kept) when the list took more than one call. Anything that
 * is not an n8n error is wrapped.
 */
export function withBatchProgress(
	node: INode,
	error: Error,
	ids: string[],
	batch: FailedBatch,
	itemIndex: number,
): NodeApiError | NodeOperationError {
	const wrapped =
		error instanceof NodeApiError || error instanceof NodeOperationError
			? error
			: new NodeOperationError(node, error, { itemIndex });
	// One call is all or nothing and its error already says so; across calls, only we know.
	if (batch.count === 1) return wrapped;
	const progress = batchProgressDescription(ids, batch, error);
	const failed = ids.slice(batch.start, batch.end);
	const context = {
		appliedAlertIds: ids.slice(0, batch.start),
		...(certainlyNotApplied(error)
			? { notAppliedAlertIds: failed }
			: { mayHaveBeenAppliedAlertIds: failed }),
		notSentAlertIds: ids.slice(batch.end),
	};
	wrapped.description = wrapped.description ? `${wrapped.description} ${progress}` : progress;
	Object.assign(wrapped.context, context);
	return wrapped;
}
