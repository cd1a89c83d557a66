/**
 * MITRE ATT&CK: the alert's technique ids and the tactic its category names, if it names one.
 */

import { type Rec, str } from './values';

/** MITRE technique ids as strings, whatever the payload sent (array, comma string, junk). */
export function techniquesOf(a: Rec): string[] {
	const t = a.mitreTechniques;
	if (Array.isArray(t)) {
		const out: string[] = [];
		for (let i = 0; i < t.length; i++) {
			const s = str(t[i]).trim();
			if (s !== '') out.push(s);
		}
		return out;
	}
	if (typeof t === 'string') return t.split(/[\s,;]+/).filter((s) => s !== '');
	return [];
}

/**
 * The alert's category, or '' when it has none. The API sends the string "null" for an alert
 * without a category; passed on, it reads as a category named null in SIEM pivots.
 */
export function categoryOf(a: Rec): string {
	const category = str(a.category);
	return category.toLowerCase() === 'null' ? '' : category;
}

/** An ATT&CK Enterprise tactic: its id and its name as MITRE writes it. */
export interface AttackTactic {
	id: string;
	name: string;
}

// Defender's alert categories include the ATT&CK tactics (spelt without spaces) and categories that
// are not tactics at all (Malware, Ransomware, SuspiciousActivity, UnwantedSoftware…).
const TACTICS: Record<string, AttackTactic> = {
	reconnaissance: { id: 'TA0043', name: 'Reconnaissance' },
	resourcedevelopment: { id: 'TA0042', name: 'Resource Development' },
	initialaccess: { id: 'TA0001', name: 'Initial Access' },
	execution: { id: 'TA0002', name: 'Execution' },
	persistence: { id: 'TA0003', name: 'Persistence' },
	privilegeescalation: { id: 'TA0004', name: 'Privilege Escalation' },
	defenseevasion: { id: 'TA0005', name: 'Defense Evasion' },
	credentialaccess: { id: 'TA0006', name: 'Credential Access' },
	discovery: { id: 'TA0007', name: 'Discovery' },
	lateralmovement: { id: 'TA0008', name: 'Lateral Movement' },
	collection: { id: 'TA0009', name: 'Collection' },
	commandandcontrol: { id: 'TA0011', name: 'Command and Control' },
	exfiltration: { id: 'TA0010', name: 'Exfiltration' },
	impact: { id: 'TA0040', name: 'Impact' },
};

/** The ATT&CK tactic an alert category names, or undefined for categories that are not tactics. */
export function attackTacticOf(category: unknown): AttackTactic | undefined {
	if (typeof category !== 'string') return undefined;
	const key = category.replace(/[\s_-]+/g, '').toLowerCase();
	return Object.prototype.hasOwnProperty.call(TACTICS, key) ? TACTICS[key] : undefined;
}
