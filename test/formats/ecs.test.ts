/** ECS fields Elastic Security pivots and rules read: process parent, related hosts, tactics. */
import { formatEcs } from '../../nodes/shared/formats';
import { attackTacticOf } from '../../nodes/shared/formats/common';

const ctx = { tenantId: 'tenant-1' };

interface EcsDoc {
	host?: { name?: string; hostname?: string };
	related?: { hosts?: string[] };
	process?: { start?: string; parent?: { pid?: number; start?: string } };
	threat?: { tactic?: { id?: string[]; name?: string[] }; technique?: { name?: string[] } };
}

const ecs = (alert: unknown) => formatEcs(alert, ctx) as EcsDoc;

test('process.parent.start is the evidence parentProcessCreationTime, all 7 digits kept', () => {
	const doc = ecs({
		evidence: [
			{
				entityType: 'Process',
				processId: 3276,
				processCreationTime: '2021-01-26T20:31:32.9581596Z',
				parentProcessId: 8420,
				parentProcessCreationTime: '2021-01-26T20:31:32.9004163Z',
			},
		],
	});
	expect(doc.process?.start).toBe('2021-01-26T20:31:32.9581596Z');
	expect(doc.process?.parent).toEqual({ pid: 8420, start: '2021-01-26T20:31:32.9004163Z' });
	// A value that is not a time never reaches the date field (it would reject the document).
	const bad = ecs({ evidence: { entityType: 'Process', parentProcessCreationTime: 'yesterday' } });
	expect(bad.process?.parent?.start).toBeUndefined();
});

test('related.hosts holds host.name as written (lower case), so a pivot on the host finds it', () => {
	const doc = ecs({ computerDnsName: 'PC1.Contoso.LOCAL' });
	expect(doc.host).toMatchObject({ name: 'pc1.contoso.local', hostname: 'PC1.Contoso.LOCAL' });
	expect(doc.related?.hosts).toEqual(['pc1.contoso.local']);
});

test('threat.tactic names the ATT&CK tactic a category is, and is left out for other categories', () => {
	expect(ecs({ category: 'DefenseEvasion' }).threat).toMatchObject({
		tactic: { id: ['TA0005'], name: ['Defense Evasion'] },
		technique: { name: ['DefenseEvasion'] },
	});
	expect(ecs({ category: 'CommandAndControl' }).threat?.tactic).toEqual({
		id: ['TA0011'],
		name: ['Command and Control'],
	});
	for (const category of ['Malware', 'Ransomware', 'SuspiciousActivity', 'UnwantedSoftware']) {
		const threat = ecs({ category }).threat;
		expect(threat?.tactic).toBeUndefined();
		// The category still travels where Elastic's own integration puts it.
		expect(threat?.technique?.name).toEqual([category]);
	}
	expect(ecs({ category: null }).threat).toBeUndefined();
});

test('the literal "null" category the API sends is no category: no threat.technique.name', () => {
	const doc = formatEcs({ category: 'null', mitreTechniques: ['T1055'] }, ctx) as EcsDoc & {
		event?: { action?: string };
	};
	expect(doc.threat).toEqual({ framework: 'MITRE ATT&CK', technique: { id: ['T1055'] } });
	expect(doc.event?.action).toBeUndefined();
	expect(ecs({ category: 'null' }).threat).toBeUndefined();
	expect(ecs({ category: 'NULL' }).threat).toBeUndefined();
});

test('every ATT&CK Enterprise tactic is recognised however Defender spells it', () => {
	expect(attackTacticOf('PrivilegeEscalation')).toEqual({
		id: 'TA0004',
		name: 'Privilege Escalation',
	});
	expect(attackTacticOf('lateral movement')?.id).toBe('TA0008');
	expect(attackTacticOf('Initial_Access')?.id).toBe('TA0001');
	expect(attackTacticOf('toString')).toBeUndefined();
	expect(attackTacticOf(42)).toBeUndefined();
});
