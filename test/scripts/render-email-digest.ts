/**
 * Renders the email digest of sample alerts (three public samples plus a few generated ones, over
 * three tenants) to HTML and screenshots it with a real browser (Debian's headless chromium) into
 * docs/images/email-digest.png, for the README.
 *   npx ts-node --transpile-only test/scripts/render-email-digest.ts (npm run screenshots runs it;
 *   chromium comes from test/browser/setup.sh)
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { buildEmailDigest } from '../../nodes/shared/formats';
import { CHROMIUM, CHROMIUM_FLAGS } from '../browser/chromium';
import { loadPublicSamples } from '../formats/fuzz';

const OUT = join(__dirname, '..', '..', 'docs', 'images', 'email-digest.png');
const [s1, s2, s3] = loadPublicSamples();
const digest = buildEmailDigest([
	{ alert: s1, tenantId: 'a839b112-1253-6432-9bf6-94542403f21c', tenantLabel: 'Contoso Ltd' },
	{
		alert: {
			...s2,
			severity: 'High',
			title: 'Ransomware behavior detected in the file system',
			category: 'Ransomware',
			mitreTechniques: ['T1486', 'T1490'],
		},
		tenantId: 'a839b112-1253-6432-9bf6-94542403f21c',
		tenantLabel: 'Contoso Ltd',
	},
	{
		alert: { ...s3, severity: 'Medium' },
		tenantId: '7b5b6a1c-0e57-4b53-9a47-2c4b3b5c9d11',
		tenantLabel: 'Fabrikam',
	},
	{
		alert: {
			id: 'da638000000000000000_1',
			severity: 'Informational',
			status: 'New',
			category: 'SuspiciousActivity',
			title: 'Attempt to inject <script>alert(1)</script> was rendered as text',
			computerDnsName: 'kiosk-07.fabrikam.local',
			alertCreationTime: '2026-01-05T08:15:00.1234567Z',
			detectionSource: 'WindowsDefenderAtp',
		},
		tenantId: '7b5b6a1c-0e57-4b53-9a47-2c4b3b5c9d11',
		tenantLabel: 'Fabrikam',
	},
]);

const dir = mkdtempSync(join(tmpdir(), 'digest-'));
try {
	const html = join(dir, 'digest.html');
	writeFileSync(html, digest.html);
	if (!existsSync(CHROMIUM))
		throw new Error(
			`${CHROMIUM} is missing: run \`bash test/browser/setup.sh\` (installs Debian's chromium as root)`,
		);
	execFileSync(
		CHROMIUM,
		[
			'--headless',
			...CHROMIUM_FLAGS,
			`--user-data-dir=${join(dir, 'profile')}`,
			`--screenshot=${OUT}`,
			'--window-size=760,1900',
			`file://${html}`,
		],
		{ stdio: 'pipe', timeout: 600_000 },
	);
	console.log(
		`wrote ${OUT} (${Math.round(statSync(OUT).size / 1024)} KB); subject: ${digest.subject}`,
	);
} finally {
	rmSync(dir, { recursive: true, force: true });
}
