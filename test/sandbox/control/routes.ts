/** HTTP face of the control API under `/_sandbox/…` (loopback only, JSON in and out). */
import { Ctx, isLoopback, readJson, sendJson } from '../http';
import { ControlError, InProcessControl } from './control';

// Bodies are validated by each control method; the router only passes them through.
type Handler = (
	c: InProcessControl,
	// eslint-disable-next-line @typescript-eslint/no-explicit-any
	body: any,
	m: RegExpExecArray,
	q: URLSearchParams,
) => Promise<unknown>;
const R: Array<[string, RegExp, Handler]> = [
	['POST', /^\/_sandbox\/reset$/, (c) => c.reset()],
	['GET', /^\/_sandbox\/world$/, (c) => c.world()],
	['POST', /^\/_sandbox\/tenants$/, (c, b) => c.addTenant(b)],
	['PATCH', /^\/_sandbox\/tenants\/([^/]+)$/, (c, b, m) => c.updateTenant(m[1], b ?? {})],
	[
		'POST',
		/^\/_sandbox\/tenants\/([^/]+)\/alerts\/seed$/,
		(c, b, m) => c.seedAlerts(m[1], b ?? {}),
	],
	[
		'POST',
		/^\/_sandbox\/tenants\/([^/]+)\/alerts$/,
		(c, b, m) => c.insertAlerts(m[1], b?.alerts, { visibleAt: b?.visibleAt }),
	],
	['GET', /^\/_sandbox\/tenants\/([^/]+)\/alerts$/, (c, _b, m) => c.alerts(m[1])],
	[
		'PATCH',
		/^\/_sandbox\/tenants\/([^/]+)\/alerts\/([^/]+)$/,
		(c, b, m) => c.updateAlert(m[1], m[2], b ?? {}),
	],
	['GET', /^\/_sandbox\/tenants\/([^/]+)\/machines$/, (c, _b, m) => c.machines(m[1])],
	[
		'PUT',
		/^\/_sandbox\/tenants\/([^/]+)\/machine-actions\/behaviour$/,
		(c, b, m) => c.setMachineActionBehaviour(m[1], b ?? {}, b?.type),
	],
	[
		'PATCH',
		/^\/_sandbox\/tenants\/([^/]+)\/machine-actions\/([^/]+)$/,
		(c, b, m) => c.updateMachineAction(m[1], m[2], b ?? {}),
	],
	['GET', /^\/_sandbox\/tenants\/([^/]+)\/indicators$/, (c, _b, m) => c.indicators(m[1])],
	[
		'PUT',
		/^\/_sandbox\/tenants\/([^/]+)\/indicators\/cap$/,
		(c, b, m) => c.setIndicatorCap(m[1], b?.cap),
	],
	['GET', /^\/_sandbox\/faults$/, (c) => c.faults()],
	['POST', /^\/_sandbox\/faults$/, (c, b) => c.addFault(b ?? {})],
	['DELETE', /^\/_sandbox\/faults$/, (c) => c.clearFaults()],
	['GET', /^\/_sandbox\/latency$/, (c) => c.latency()],
	['PUT', /^\/_sandbox\/latency$/, (c, b) => c.setLatency(b)],
	['GET', /^\/_sandbox\/clock$/, (c) => c.clock()],
	['POST', /^\/_sandbox\/clock\/advance$/, (c, b) => c.advanceClock(b?.ms)],
	['POST', /^\/_sandbox\/clock$/, (c, b) => c.setClock(b?.now)],
	['GET', /^\/_sandbox\/counters$/, (c) => c.counters()],
	['POST', /^\/_sandbox\/counters\/reset$/, (c) => c.resetCounters()],
	[
		'GET',
		/^\/_sandbox\/requests$/,
		(c, _b, _m, q) => c.requests(q.get('limit') ? Number(q.get('limit')) : undefined),
	],
	['POST', /^\/_sandbox\/revoke$/, (c, b) => c.revokeTokens(b ?? {})],
	['POST', /^\/_sandbox\/apps\/([^/]+)\/secrets$/, (c, b, m) => c.addSecret(m[1], b ?? {})],
	[
		'POST',
		/^\/_sandbox\/apps\/([^/]+)\/secrets\/expire$/,
		(c, b, m) => c.expireSecret(m[1], b?.secret),
	],
	['GET', /^\/_sandbox\/rate-limits$/, (c) => c.rateLimits()],
	['PUT', /^\/_sandbox\/rate-limits$/, (c, b) => c.setRateLimits(b ?? {})],
	[
		'PUT',
		/^\/_sandbox\/next-link-mode$/,
		(c, b) => c.setNextLinkMode(b?.mode, b?.tenantId, { pageSize: b?.pageSize }),
	],
];

export async function routeControl(control: InProcessControl, ctx: Ctx): Promise<void> {
	ctx.family = 'control';
	if (!isLoopback(ctx))
		return sendJson(ctx, 403, {
			error: {
				code: 'Forbidden',
				message: 'The control API answers loopback clients only.',
				target: ctx.requestId,
			},
		});
	const matches = R.filter(([, re]) => re.test(ctx.path));
	if (!matches.length)
		return sendJson(ctx, 404, {
			error: {
				code: 'ResourceNotFound',
				message: `No control route '${ctx.path}'.`,
				target: ctx.requestId,
			},
		});
	const hit = matches.find(([method]) => method === ctx.method);
	if (!hit)
		return sendJson(ctx, 405, {
			error: {
				code: 'MethodNotAllowed',
				message: `Use ${matches.map((x) => x[0]).join(' or ')}.`,
				target: ctx.requestId,
			},
		});
	let body: unknown;
	try {
		body = await readJson(ctx);
	} catch {
		return sendJson(ctx, 400, {
			error: {
				code: 'InvalidRequestBody',
				message: 'The request body is not valid JSON.',
				target: ctx.requestId,
			},
		});
	}
	const m = hit[1].exec(ctx.path) as RegExpExecArray;
	for (let i = 1; i < m.length; i++) m[i] = decodeURIComponent(m[i]);
	try {
		const result = await hit[2](control, body, m, ctx.url.searchParams);
		sendJson(ctx, 200, result === undefined ? { ok: true } : result);
	} catch (e) {
		if (e instanceof ControlError)
			return sendJson(ctx, e.status, {
				error: {
					code: e.status === 404 ? 'NotFound' : 'BadRequest',
					message: e.message,
					target: ctx.requestId,
				},
			});
		const status = (e as { status?: number }).status;
		const code = (e as { code?: string }).code;
		if (typeof status === 'number' && typeof code === 'string') {
			return sendJson(ctx, status, {
				error: { code, message: (e as Error).message, target: ctx.requestId },
			});
		}
		throw e;
	}
}
