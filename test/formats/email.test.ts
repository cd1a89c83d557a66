/**
 * Email output: injection attempts in any alert field are rendered as text, never as markup;
 * subjects cannot carry header breaks; the digest groups by tenant and severity.
 */
import { buildEmailDigest, formatEmail } from '../../nodes/shared/formats';
import { loadPublicSamples } from './fuzz';

const PAYLOADS = [
	'<script>alert(1)</script>',
	'"><img src=x onerror=alert(1)>',
	"'><svg onload=alert(1)>",
];

function poisoned(payload: string): Record<string, unknown> {
	return {
		id: payload,
		title: payload,
		description: payload + '\n' + payload,
		severity: 'High',
		status: payload,
		category: payload,
		detectionSource: payload,
		computerDnsName: payload,
		mitreTechniques: [payload, 'T1055'],
		relatedUser: { userName: payload, domainName: payload },
		incidentId: 5,
		alertCreationTime: '2021-01-26T20:33:57.7220239Z',
		evidence: [
			{ entityType: 'File', fileName: payload, filePath: payload, sha256: payload },
			{ entityType: 'Process', fileName: payload, processCommandLine: payload, processId: 1 },
			{ entityType: 'User', accountName: payload, domainName: payload },
			{ entityType: 'Url', url: payload },
			{ entityType: payload, ipAddress: payload },
		],
	};
}

describe.each(PAYLOADS)('payload %s', (payload) => {
	const ctx = { tenantId: payload, tenantLabel: payload };
	test('single alert email escapes it everywhere', () => {
		const m = formatEmail(poisoned(payload), ctx);
		expect(m.html).not.toMatch(/<script|<img|<svg|<[^>]*\son\w+=/i);
		expect(m.html).toContain('&lt;');
		// Only the portal link is ever an href, and its variable parts are URL-encoded.
		const hrefs = [...m.html.matchAll(/href="([^"]*)"/g)].map((x) => x[1]);
		for (const h of hrefs)
			expect(h).toMatch(/^https:\/\/security\.microsoft\.com\/alerts\/[^<>"\s]+$/);
		expect(m.subject).not.toMatch(/[\r\n]/);
	});
	test('digest escapes it everywhere', () => {
		const d = buildEmailDigest([{ alert: poisoned(payload), ...ctx }]);
		expect(d.html).not.toMatch(/<script|<img|<svg|<[^>]*\son\w+=/i);
	});
});

test('subject is one line, even with CR/LF in the title (no header injection)', () => {
	const m = formatEmail(
		{ title: 'x\r\nBcc: victim@example.com', severity: 'Low' },
		{ tenantId: 't' },
	);
	expect(m.subject).toBe('[LOW] t: x Bcc: victim@example.com');
});

test('digest groups by tenant (sorted) then severity, High first', () => {
	const [s1, s2, s3] = loadPublicSamples();
	const d = buildEmailDigest([
		{ alert: s1, tenantId: 'b', tenantLabel: 'Beta' },
		{ alert: { ...s2, severity: 'High' }, tenantId: 'a', tenantLabel: 'Alpha' },
		{ alert: s3, tenantId: 'a', tenantLabel: 'Alpha' },
	]);
	expect(d.count).toBe(3);
	expect(d.subject).toBe('Defender digest: 3 alerts across 2 tenants (1 High, 2 Low)');
	const alpha = d.text.indexOf('## Alpha');
	const beta = d.text.indexOf('## Beta');
	expect(alpha).toBeGreaterThan(0);
	expect(beta).toBeGreaterThan(alpha);
	expect(d.text.indexOf('[HIGH]')).toBeLessThan(d.text.indexOf('[LOW]'));
	expect(d.html).toContain('#d13438');
});

test('empty digest is still a valid message', () => {
	const d = buildEmailDigest([]);
	expect(d.count).toBe(0);
	expect(d.html).toContain('No alerts.');
});
