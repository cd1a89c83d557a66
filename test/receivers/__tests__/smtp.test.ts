import { createTransport } from 'nodemailer';
import { tlsMaterial } from '../../sandbox/tls';
import { SmtpReceiver, startSmtpReceiver } from '../smtp';

// The same transport options n8n's Send Email node builds for a plain-text relay (facts §3.1).
function transport(r: SmtpReceiver, extra: Record<string, unknown> = {}) {
	return createTransport(
		{ host: r.host, port: r.port, secure: false, ignoreTLS: true, ...extra },
		{ disableFileAccess: true, disableUrlAccess: true },
	);
}

const alertMail = {
	from: '"MDE Router" <mde-router@mssp.example>',
	to: 'soc-analysts@mssp.example',
	cc: 'lead@mssp.example',
	bcc: 'archive@mssp.example',
	subject: '[HIGH] contoso: Suspicious process injection observed on testserver4',
	text: 'Alert da637291048912199236_1126926584',
	html: '<p>Alert <b>da637291048912199236_1126926584</b> – Ünïcode</p>',
	headers: { 'X-MDE-Alert-Id': 'da637291048912199236_1126926584' },
	messageId: '<da637291048912199236_1126926584@mssp.example>',
};

describe('SMTP receiver', () => {
	let smtp: SmtpReceiver;
	afterEach(() => smtp.stop());

	it('receives and parses a real SMTP message', async () => {
		smtp = await startSmtpReceiver();
		const info = await transport(smtp).sendMail(alertMail);
		expect(info.response).toMatch(/^250 /);
		const [mail] = await smtp.waitForMails(1);
		expect(mail).toMatchObject({
			subject: alertMail.subject,
			from: ['mde-router@mssp.example'],
			to: ['soc-analysts@mssp.example'],
			cc: ['lead@mssp.example'],
			text: 'Alert da637291048912199236_1126926584',
			html: alertMail.html,
			messageId: alertMail.messageId,
			envelope: {
				from: 'mde-router@mssp.example',
				to: ['soc-analysts@mssp.example', 'lead@mssp.example', 'archive@mssp.example'],
			},
		});
		expect(mail.headers['x-mde-alert-id']).toBe('da637291048912199236_1126926584');
		expect(mail.user).toBeUndefined();
	});

	it('requires AUTH when configured and rejects wrong credentials with 535', async () => {
		smtp = await startSmtpReceiver({ auth: { user: 'soc', pass: 's3cret' } });
		await expect(
			transport(smtp, { auth: { user: 'soc', pass: 'wrong' } }).sendMail(alertMail),
		).rejects.toMatchObject({
			code: 'EAUTH',
			responseCode: 535,
		});
		await expect(transport(smtp).sendMail(alertMail)).rejects.toMatchObject({ responseCode: 530 });
		await transport(smtp, { auth: { user: 'soc', pass: 's3cret' } }).sendMail(alertMail);
		expect(smtp.mails().map((m) => m.user)).toEqual(['soc']);
	});

	it('refuses the next N messages with an injected reply code, then accepts', async () => {
		smtp = await startSmtpReceiver();
		smtp.failNext(1);
		smtp.failNext(1, { responseCode: 550, message: 'Mailbox unavailable' });
		const t = transport(smtp);
		await expect(t.sendMail(alertMail)).rejects.toMatchObject({
			code: 'EMESSAGE',
			responseCode: 451,
		});
		await expect(t.sendMail(alertMail)).rejects.toMatchObject({
			responseCode: 550,
			response: expect.stringContaining('Mailbox unavailable'),
		});
		await t.sendMail(alertMail);
		expect(smtp.refusedCount()).toBe(2);
		expect(smtp.mails()).toHaveLength(1);
	});

	it('speaks STARTTLS when given a key pair', async () => {
		const tls = tlsMaterial();
		smtp = await startSmtpReceiver({ tls: { key: tls.keyPem, cert: tls.certPem } });
		const info = await transport(smtp, {
			ignoreTLS: false,
			requireTLS: true,
			tls: { ca: tls.caPem },
		}).sendMail(alertMail);
		expect(info.response).toMatch(/^250 /);
		expect((await smtp.waitForMails(1))[0].subject).toBe(alertMail.subject);
	});

	it('times out waiting when no mail arrives', async () => {
		smtp = await startSmtpReceiver();
		await expect(smtp.waitForMails(1, 100)).rejects.toThrow(
			'expected 1 mail(s) within 100 ms, got 0',
		);
	});
});
