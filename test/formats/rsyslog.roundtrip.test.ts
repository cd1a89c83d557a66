/**
 * CEF inside RFC 5424 checked by a real third-party parser: Debian's rsyslog (RFC 5424 header,
 * structured data via mmpstrucdata) with liblognorm's CEF parser (mmnormalize). Every line must
 * parse, and every field value must come back exactly as the formatter meant it.
 * Not skippable: when rsyslog cannot be installed the suite fails with the reason.
 */
import {
	formatCef,
	formatSyslogCef,
	octetFrame,
	type FormatContext,
} from '../../nodes/shared/formats';
import { cefValue } from '../../nodes/shared/formats/cef';
import { cut, eventTime, isoFrac, rec, severityOf, str } from '../../nodes/shared/formats/common';
import { sdValue } from '../../nodes/shared/formats/syslog';
import { startRsyslog, type ReceivedSyslog, type RsyslogReceiver } from '../receivers/rsyslog';
import { parseCef } from './cefParser';
import { fuzzAlerts, nastyString, prng } from './fuzz';

jest.setTimeout(900_000);

const SEED = 4242;
const alerts = fuzzAlerts(SEED, 400);
const r = prng(SEED);

// The header value a CEF parser must return for a header field (no escaping left, controls gone).
const HEADER_UNSAFE =
	// eslint-disable-next-line no-control-regex
	/[\x00-\x1f\x7f]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;
function headerValue(v: string, max: number): string {
	return cut(v.trim(), max).replace(HEADER_UNSAFE, ' ');
}

let receiver: RsyslogReceiver;
let received: { ok: ReceivedSyslog[]; failed: ReceivedSyslog[] };
const contexts: FormatContext[] = alerts.map((_, i) => ({
	tenantId: i % 5 === 0 ? nastyString(r) : '43521344-d66c-4c7e-9e30-40034eb7c6f3',
	tenantLabel: i % 3 === 0 ? nastyString(r) : 'Contoso "EU" [prod]',
	// The hostname carries the index so results can be matched to inputs; the space after the
	// header works around liblognorm 2.0.6's first-key bug (facts §1.1.5).
	options: { syslogHostname: 'h' + i, cefSpaceBeforeExtension: true },
}));

beforeAll(async () => {
	receiver = await startRsyslog();
	const frames = alerts.map((a, i) => octetFrame(formatSyslogCef(a, contexts[i])));
	await receiver.send(frames);
	received = await receiver.waitFor(alerts.length, 120_000);
});

afterAll(async () => {
	await receiver?.stop();
});

function byIndex(): Map<number, ReceivedSyslog> {
	const m = new Map<number, ReceivedSyslog>();
	for (const x of received.ok) m.set(Number(x.hostname.slice(1)), x);
	return m;
}

test('rsyslog + liblognorm parse every line (none in the failed file)', () => {
	expect(received.failed.map((f) => f.msg.slice(0, 300))).toEqual([]);
	expect(received.ok).toHaveLength(alerts.length);
});

test('RFC 5424 header and structured data round-trip exactly', () => {
	const got = byIndex();
	alerts.forEach((alert, i) => {
		const a = rec(alert);
		const x = got.get(i)!;
		const t = eventTime(a);
		expect(x.app).toBe('defender-mssp');
		expect(x.msgid).toBe('mdeAlert');
		expect(x.procid).toBe('-');
		expect(Number(x.pri)).toBe(13 * 8 + severityOf(a.severity).syslog);
		if (t !== null && t.ms >= 0 && t.ms < Date.UTC(2100, 0, 1))
			expect(x.timestamp).toBe(isoFrac(t, 6));
		const sd = x.sd['defender@32473'];
		const tenant = str(contexts[i].tenantId) || str(a.aadTenantId);
		if (tenant !== '') expect(sd.tenantId).toBe(sdValue(tenant));
		expect(sd.tenantLabel).toBe(sdValue(contexts[i].tenantLabel!));
		if (str(a.id) !== '') expect(sd.alertId).toBe(sdValue(str(a.id)));
		expect(sd.severity).toBe(severityOf(a.severity).name);
	});
});

test('CEF header and every extension value round-trip exactly', () => {
	const got = byIndex();
	alerts.forEach((alert, i) => {
		const a = rec(alert);
		const x = got.get(i)!;
		const cef = x.cef!;
		const line = formatCef(alert, contexts[i]);
		// The whole map equals what a strict reader of the spec gets from the same line…
		const mine = parseCef(line);
		expect(cef.Extensions).toEqual(mine.ext);
		expect([
			cef.DeviceVendor,
			cef.DeviceProduct,
			cef.DeviceVersion,
			cef.SignatureID,
			cef.Name,
			cef.Severity,
		]).toEqual(mine.header);
		// …and the fields that carry raw alert text are exactly the sanitised source values.
		expect(cef.Name).toBe(headerValue(str(a.title), 512) || 'Defender for Endpoint alert');
		expect(cef.SignatureID).toBe(headerValue(str(a.category) || 'Alert', 1023));
		expect(cef.Severity).toBe(String(severityOf(a.severity).cef));
		const expectExt = (key: string, source: string, max: number) => {
			const v = cefValue(source, max);
			if (v === '') expect(cef.Extensions[key]).toBeUndefined();
			else expect(cef.Extensions[key]).toBe(v);
		};
		expectExt('msg', str(a.description), 1023);
		expectExt('externalId', str(a.id), 40);
		expectExt('cat', str(a.category), 1023);
		expectExt('shost', str(a.computerDnsName), 1023);
		expectExt('cs3', str(a.status), 4000);
		expectExt('cs5', contexts[i].tenantLabel!, 4000);
		expectExt('sourceServiceName', str(a.detectionSource), 1023);
		const ru = rec(a.relatedUser);
		if (str(ru.userName) !== '') expectExt('suser', str(ru.userName), 1023);
	});
});
