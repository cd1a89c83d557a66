/** Sentinel (ASIM Alert) columns that analytics rules and workbooks read as ATT&CK data. */
import { formatSentinel } from '../../nodes/shared/formats';

const ctx = { tenantId: 'tenant-1' };
const record = (alert: unknown) => formatSentinel(alert, ctx) as Record<string, unknown>;

test('AttackTactics holds the ATT&CK tactic a category names, and nothing for one that is not a tactic', () => {
	expect(record({ category: 'DefenseEvasion' })).toMatchObject({
		AttackTactics: 'Defense Evasion',
		ThreatCategory: 'DefenseEvasion',
	});
	for (const category of ['Malware', 'SuspiciousActivity', 'Ransomware']) {
		const r = record({ category });
		expect(r.AttackTactics).toBeUndefined();
		expect(r.ThreatCategory).toBe(category);
	}
});

test('the literal "null" category the API sends is no category: no ThreatCategory', () => {
	const r = record({ category: 'null' });
	expect(r.ThreatCategory).toBeUndefined();
	expect(r.AttackTactics).toBeUndefined();
	expect(record({ category: 'Malware' }).ThreatCategory).toBe('Malware');
});
