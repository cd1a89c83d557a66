/**
 * Evidence and the user: what the alert says it is about, normalised from whatever shape the
 * payload sent (array, single object, null, items of the wrong type).
 */

import { type Rec, isRecord, rec, str } from './values';

/** Evidence as a list of records whatever the payload sent: array, single object, null. */
export function evidenceOf(a: Rec): Rec[] {
	const ev = a.evidence;
	// The common case, a clean array, is passed on as it is (no copy on the hot path).
	if (Array.isArray(ev)) return ev.every(isRecord) ? ev : ev.filter(isRecord);
	return isRecord(ev) ? [ev] : [];
}

/** Lower-cased entity type of an evidence item. */
export function entityType(e: Rec): string {
	return typeof e.entityType === 'string' ? e.entityType.toLowerCase() : '';
}

/** First evidence whose entity type is one of `types` (lower case). */
export function firstOfType(list: Rec[], ...types: string[]): Rec | undefined {
	for (let i = 0; i < list.length; i++) {
		if (types.includes(entityType(list[i]))) return list[i];
	}
	return undefined;
}

/** The evidence that best describes "the file": a File, else a Process, else anything hashed. */
export function fileEvidence(list: Rec[]): Rec | undefined {
	return (
		firstOfType(list, 'file') ??
		firstOfType(list, 'process') ??
		list.find((e) => str(e.sha256) !== '' || str(e.sha1) !== '' || str(e.fileName) !== '')
	);
}

/** First non-empty string value of `key` among the evidence. */
export function firstValue(list: Rec[], key: string): string {
	for (let i = 0; i < list.length; i++) {
		const v = str(list[i][key]);
		if (v !== '') return v;
	}
	return '';
}

export interface UserRef {
	name: string;
	domain: string;
}

/** The alert's user: relatedUser, else the first User evidence. */
export function userOf(a: Rec, evidence: Rec[]): UserRef {
	const ru = rec(a.relatedUser);
	let name = str(ru.userName);
	let domain = str(ru.domainName);
	if (name === '') {
		const u = firstOfType(evidence, 'user');
		if (u !== undefined) {
			name = str(u.accountName);
			if (domain === '') domain = str(u.domainName);
		}
	}
	return { name, domain };
}
