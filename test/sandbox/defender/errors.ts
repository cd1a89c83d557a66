/**
 * Errors raised by the sandbox's Defender data layer. The HTTP layer turns one into the API's
 * error body `{"error":{"code","message","target"}}` with `status` as the HTTP status
 * (facts/defender-api-and-peers.md §1.6).
 */
export class ApiError extends Error {
	constructor(
		readonly status: number,
		readonly code: string,
		message: string,
	) {
		super(message);
		this.name = 'ApiError';
	}
}

export function badRequest(code: string, message: string): ApiError {
	return new ApiError(400, code, message);
}
