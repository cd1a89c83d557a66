/**
 * Defender refuses a machine action while one of the same kind is running on that machine with
 * HTTP 400 "Action is already in progress" (documented, and what users hit when they re-send an
 * isolate or unisolate). The node reports that as a result, with the running action, instead of
 * failing the workflow.
 */
import { NodeApiError } from 'n8n-workflow';

/** Codes seen with that message; the docs only quote the message. */
const CODES = ['ActiveRequestAlreadyExists', 'ActionAlreadyInProgress'];

export function isAlreadyInProgress(error: unknown): boolean {
	if (!(error instanceof NodeApiError)) return false;
	if (String(error.httpCode) !== '400') return false;
	// The transport's message carries Defender's code and message: "Defender <code> for tenant …: <message>".
	const text = `${error.message} ${error.description ?? ''} ${error.messages.join(' ')}`;
	return /already in progress/i.test(text) || CODES.some((c) => text.includes(c));
}

/** Action types that exclude each other on one machine (Defender refuses both while one runs). */
export const CONFLICTING_TYPES: Record<string, string[]> = {
	Isolate: ['Isolate', 'Unisolate'],
	Unisolate: ['Isolate', 'Unisolate'],
	RestrictCodeExecution: ['RestrictCodeExecution', 'UnrestrictCodeExecution'],
	UnrestrictCodeExecution: ['RestrictCodeExecution', 'UnrestrictCodeExecution'],
	RunAntiVirusScan: ['RunAntiVirusScan'],
	CollectInvestigationPackage: ['CollectInvestigationPackage'],
};

/** The newest running action that blocks `type`, from a machine's action list. */
export function pickRunningAction<
	T extends { type?: unknown; status?: unknown; creationDateTimeUtc?: unknown },
>(actions: T[], type: string): T | undefined {
	const types = CONFLICTING_TYPES[type] ?? [type];
	return actions
		.filter(
			(a) => types.includes(String(a.type)) && ['Pending', 'InProgress'].includes(String(a.status)),
		)
		.sort((a, b) => String(b.creationDateTimeUtc).localeCompare(String(a.creationDateTimeUtc)))[0];
}
