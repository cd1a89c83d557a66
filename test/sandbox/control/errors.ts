/** A control call the sandbox refuses: `status` is the HTTP status the control route answers with. */
export class ControlError extends Error {
	constructor(
		readonly status: number,
		message: string,
	) {
		super(message);
	}
}
