/** HTML of the sign-in/consent page and the error page: small, plain, submit-able headlessly. */
import { escapeHtml as h } from '../http';

export interface ConsentPageModel {
	action: string;
	ctxId: string;
	title: string;
	appName: string;
	publisher: string;
	tenantLabel: string;
	login: string;
	permissions: string[];
	adminConsent: boolean;
	needsConsent: boolean;
}

const STYLE = `body{font-family:Segoe UI,Arial,sans-serif;background:#f2f2f2;margin:0}main{max-width:440px;margin:60px auto;background:#fff;
padding:32px 44px;box-shadow:0 2px 6px rgba(0,0,0,.2)}h1{font-size:24px;font-weight:600}ul{padding-left:20px}
input[type=text]{width:100%;padding:6px;font-size:15px;margin:8px 0 16px}button{padding:6px 24px;font-size:15px;margin-right:8px}
.accept{background:#0067b8;color:#fff;border:0}.cancel{background:#ccc;border:0}.note{color:#666;font-size:12px}`;

export function consentPage(m: ConsentPageModel): string {
	const perms = m.permissions.map((p) => `<li>${h(p)}</li>`).join('');
	const consentBlock =
		m.needsConsent || m.adminConsent
			? `<p><strong>${h(m.appName)}</strong> (${h(m.publisher)}) requests these permissions${m.adminConsent ? ' for your whole organization' : ''}:</p>
<ul id="permissions">${perms}</ul>
${m.adminConsent ? '<p class="note">Consent on behalf of your organization</p>' : ''}`
			: `<p>Continue to <strong>${h(m.appName)}</strong>.</p>`;
	return `<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>${h(m.title)}</title><style>${STYLE}</style></head>
<body><main>
<h1>${h(m.title)}</h1>
<p class="note">Microsoft identity platform — sandbox tenant: ${h(m.tenantLabel)}</p>
<form method="post" action="${h(m.action)}" id="consent-form">
<input type="hidden" name="ctx" value="${h(m.ctxId)}">
<label for="login">Account</label>
<input type="text" id="login" name="login" value="${h(m.login)}" placeholder="someone@example.onmicrosoft.com">
${consentBlock}
<button type="submit" name="action" value="accept" class="accept" id="accept">Accept</button>
<button type="submit" name="action" value="cancel" class="cancel" id="cancel">Cancel</button>
</form>
</main></body></html>`;
}

export function errorPage(code: string, message: string, traceId: string): string {
	return `<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>Sign in error</title><style>${STYLE}</style></head>
<body><main>
<h1>Sorry, but we’re having trouble signing you in.</h1>
<p id="error-code">${h(code)}: ${h(message)}</p>
<p class="note">Trace ID: ${h(traceId)}</p>
</main></body></html>`;
}

export function formPostPage(redirectUri: string, fields: Record<string, string>): string {
	const inputs = Object.entries(fields)
		.map(([k, v]) => `<input type="hidden" name="${h(k)}" value="${h(v)}">`)
		.join('');
	return `<!DOCTYPE html>
<html><head><title>Working...</title></head><body onload="document.forms[0].submit()">
<form method="post" action="${h(redirectUri)}">${inputs}<noscript><button type="submit">Continue</button></noscript></form>
</body></html>`;
}
