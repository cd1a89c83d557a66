import type { INodeExecutionData } from 'n8n-workflow';

import { appendAlertItems, simplifyAlert } from '../../nodes/shared/alerts/output';
import type { DefenderAlert } from '../../nodes/shared/alerts/types';
import { OUTPUT_FORMAT_OPTIONS } from '../../nodes/shared/formats';

const tenant = { tenantId: '11111111-2222-3333-4444-555555555555', tenantLabel: 'Fabrikam' };
const alert = (evidence: DefenderAlert['evidence']): DefenderAlert => ({
	id: 'da1_2',
	title: 'Suspicious PowerShell',
	severity: 'High',
	status: 'New',
	alertCreationTime: '2024-05-01T10:00:00.1234567Z',
	computerDnsName: 'pc1.fabrikam.com',
	rbacGroupName: 'Servers',
	relatedUser: { userName: 'alice', domainName: 'FAB' },
	mitreTechniques: ['T1059', 'T1086'],
	evidence,
});

describe('alert output shaping', () => {
	it('simplified: flat, tenant first, user and techniques joined', () => {
		const s = simplifyAlert(alert([{ entityType: 'File', fileName: 'a.exe' }]), tenant);
		expect(Object.keys(s).slice(0, 3)).toEqual(['tenantId', 'tenantLabel', 'id']);
		expect(s).toMatchObject({
			user: 'FAB\\alice',
			mitreTechniques: 'T1059, T1086',
			deviceGroup: 'Servers',
			evidenceCount: 1,
		});
		for (const v of Object.values(s)) expect(typeof v === 'object' && v !== null).toBe(false);
	});

	it.each([
		[
			'an array',
			[
				{ entityType: 'File', fileName: 'a.exe' },
				{ entityType: 'Ip', ipAddress: '1.2.3.4' },
			],
			2,
		],
		['a single object', { entityType: 'File', fileName: 'a.exe' }, 1],
		['null', null, 1],
		['an empty array', [], 1],
	])('one item per evidence with evidence as %s', (_label, evidence, count) => {
		const out: INodeExecutionData[] = [];
		appendAlertItems(
			[alert(evidence as DefenderAlert['evidence'])],
			{ output: 'evidence', tenant, itemIndex: 3 },
			out,
		);
		expect(out).toHaveLength(count);
		for (const item of out) {
			expect(item.pairedItem).toEqual({ item: 3 });
			expect(item.json).toMatchObject({
				tenantId: tenant.tenantId,
				tenantLabel: 'Fabrikam',
				alertId: 'da1_2',
			});
		}
		if (count === 2)
			expect(out[1].json).toMatchObject({
				evidenceIndex: 1,
				entityType: 'Ip',
				ipAddress: '1.2.3.4',
			});
	});

	it('raw keeps the alert and tags the tenant; formats add `formatted` next to it', () => {
		const raw: INodeExecutionData[] = [];
		appendAlertItems(
			[alert([])],
			{ output: 'raw', tenant: { tenantId: tenant.tenantId }, itemIndex: 0 },
			raw,
		);
		expect(raw[0].json).toMatchObject({
			id: 'da1_2',
			tenantId: tenant.tenantId,
			tenantLabel: tenant.tenantId,
		});
		const cef: INodeExecutionData[] = [];
		appendAlertItems([alert([])], { output: 'cef', tenant, itemIndex: 0 }, cef);
		expect(cef[0].json.formatted).toMatch(/^CEF:0\|Microsoft\|Defender for Endpoint\|/);
		expect(cef[0].json).toMatchObject({ id: 'da1_2', tenantLabel: 'Fabrikam' });
		const email: INodeExecutionData[] = [];
		appendAlertItems([alert([])], { output: 'email', tenant, itemIndex: 0 }, email);
		expect(email[0].json.formatted).toMatchObject({
			subject: expect.stringContaining('Suspicious PowerShell'),
		});
	});

	// n8n stores every execution as JSON; an item with a cycle fails the whole run (seen in a real
	// n8n: the HEC envelope's `event` is the alert, which carried `formatted` → the envelope).
	it.each(OUTPUT_FORMAT_OPTIONS.map((o) => o.value))(
		'the %s output is plain JSON and its formatted value does not contain itself',
		(output) => {
			const out: INodeExecutionData[] = [];
			appendAlertItems(
				[alert([{ entityType: 'File', sha256: 'ab'.repeat(32) }])],
				{ output, tenant, itemIndex: 0 },
				out,
			);
			expect(out).toHaveLength(1);
			const json = JSON.parse(JSON.stringify(out[0].json)) as Record<string, unknown>;
			expect(json).toMatchObject({
				id: 'da1_2',
				tenantId: tenant.tenantId,
				tenantLabel: 'Fabrikam',
			});
			expect(JSON.stringify(json.formatted)).not.toContain('"formatted"');
		},
	);
});
