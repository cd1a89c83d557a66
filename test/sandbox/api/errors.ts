/** The Defender API's error body `{"error":{"code","message","target"}}` (facts §1.6). */
import { Ctx, sendJson } from '../http';
import { ApiError } from '../defender/errors';

export { ApiError };

export function sendApiError(
	ctx: Ctx,
	status: number,
	code: string,
	message: string,
	headers: Record<string, string> = {},
): void {
	sendJson(ctx, status, { error: { code, message, target: ctx.requestId } }, headers);
}

export function throttleMessage(seconds: number): string {
	return `Rate limit is exceeded. Try again in ${seconds} seconds. You can send requests again in ${seconds} seconds.`;
}

export const unauthorized = (message: string) => new ApiError(401, 'Unauthorized', message);
export const forbidden = (message: string) => new ApiError(403, 'Forbidden', message);
export const disabledFeature = (message: string) => new ApiError(403, 'DisabledFeature', message);
