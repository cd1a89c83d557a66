/**
 * Machines, machine actions and indicators routes (facts §1.7, §1.8), wired to the tenant's
 * ResponseStores. Registered in routes.ts; each route names the app role(s) it needs (§1.3).
 */
import { Ctx, readJson, sendJson } from '../http';
import type { SandboxState } from '../state';
import type { Principal } from './auth';
import { ApiError } from './errors';

export interface ResponseRoute {
	re: RegExp;
	method: string;
	family: string;
	/** Any of these (app role, or the delegated scope without `.All`) grants the call. */
	roles: string[];
	run: (s: SandboxState, c: Ctx, p: Principal, m: RegExpExecArray) => void | Promise<void>;
}

const READ = ['Machine.Read.All', 'Machine.ReadWrite.All'];
const TI = ['Ti.ReadWrite.All', 'Ti.ReadWrite'];

function query(ctx: Ctx): { $filter?: string; $top?: string; $skip?: string } {
	const sp = ctx.url.searchParams;
	const q: { $filter?: string; $top?: string; $skip?: string } = {};
	for (const k of ['$filter', '$top', '$skip'] as const) {
		const v = sp.get(k);
		if (v !== null) q[k] = v;
	}
	return q;
}

async function body(ctx: Ctx): Promise<Record<string, unknown>> {
	let b: unknown;
	try {
		b = await readJson(ctx);
	} catch {
		throw new ApiError(400, 'InvalidRequestBody', 'The request body is not valid JSON.');
	}
	if (!b || typeof b !== 'object' || Array.isArray(b))
		throw new ApiError(400, 'InvalidRequestBody', 'The request body must be a JSON object.');
	return b as Record<string, unknown>;
}

const ctxOf = (s: SandboxState, suffix: string) => `${s.origin}/api/$metadata#${suffix}`;
const id = (m: RegExpExecArray, i = 1) => decodeURIComponent(m[i]);

function action(type: string, scopeField?: { name: string; values: string[] }) {
	return async (s: SandboxState, c: Ctx, p: Principal, m: RegExpExecArray) => {
		const b = await body(c);
		const now = s.clock.now();
		const machine = s.response.machines(p.tenant.id).get(id(m));
		let scope: string | null = null;
		if (scopeField) {
			const raw = b[scopeField.name];
			scope =
				scopeField.values.find(
					(v) => typeof raw === 'string' && v.toLowerCase() === raw.toLowerCase(),
				) ?? null;
			if (!scope)
				throw new ApiError(
					400,
					'InvalidInput',
					`'${String(raw)}' is not a valid ${scopeField.name}. Valid values: ${scopeField.values.join(', ')}.`,
				);
		}
		const created = s.response
			.actions(p.tenant.id)
			.create(machine, type, scope, b.Comment, p.actor, now);
		sendJson(c, 201, { '@odata.context': ctxOf(s, 'MachineActions/$entity'), ...created });
	};
}

const machineRoute = (
	re: RegExp,
	method: string,
	roles: string[],
	run: ResponseRoute['run'],
	family = 'machines',
): ResponseRoute => ({ re, method, family, roles, run });

export const RESPONSE_ROUTES: ResponseRoute[] = [
	machineRoute(/^\/api\/machines$/i, 'GET', READ, (s, c, p) => {
		const value = s.response.machines(p.tenant.id).list(query(c));
		sendJson(c, 200, { '@odata.context': ctxOf(s, 'Machines'), value }, { 'OData-Version': '4.0' });
	}),
	machineRoute(
		/^\/api\/machines\/findbyip\(ip='([^']*)',timestamp=([^)]*)\)$/i,
		'GET',
		READ,
		(s, c, p, m) => {
			const value = s.response.machines(p.tenant.id).findByIp(id(m), id(m, 2), s.clock.now());
			sendJson(c, 200, { '@odata.context': ctxOf(s, 'Machines'), value });
		},
	),
	machineRoute(/^\/api\/machines\/([^/]+)$/i, 'GET', READ, (s, c, p, m) => {
		sendJson(c, 200, {
			'@odata.context': ctxOf(s, 'Machines/$entity'),
			...s.response.machines(p.tenant.id).get(id(m)),
		});
	}),
	machineRoute(
		/^\/api\/alerts\/([^/]+)\/machine$/i,
		'GET',
		READ,
		(s, c, p, m) => {
			const alert = s.store(p.tenant.id).get(id(m), s.clock.now()) as { machineId?: string | null };
			if (!alert.machineId)
				throw new ApiError(404, 'ResourceNotFound', `Alert ${id(m)} has no machine`);
			sendJson(c, 200, {
				'@odata.context': ctxOf(s, 'Machines/$entity'),
				...s.response.machines(p.tenant.id).get(alert.machineId),
			});
		},
		'alerts',
	),
	machineRoute(
		/^\/api\/machines\/([^/]+)\/isolate$/i,
		'POST',
		['Machine.Isolate'],
		action('Isolate', { name: 'IsolationType', values: ['Full', 'Selective', 'UnManagedDevice'] }),
		'machineActions',
	),
	machineRoute(
		/^\/api\/machines\/([^/]+)\/unisolate$/i,
		'POST',
		['Machine.Isolate'],
		action('Unisolate'),
		'machineActions',
	),
	machineRoute(
		/^\/api\/machines\/([^/]+)\/runAntiVirusScan$/i,
		'POST',
		['Machine.Scan'],
		action('RunAntiVirusScan', { name: 'ScanType', values: ['Quick', 'Full'] }),
		'machineActions',
	),
	machineRoute(
		/^\/api\/machines\/([^/]+)\/restrictCodeExecution$/i,
		'POST',
		['Machine.RestrictExecution'],
		action('RestrictCodeExecution'),
		'machineActions',
	),
	machineRoute(
		/^\/api\/machines\/([^/]+)\/unrestrictCodeExecution$/i,
		'POST',
		['Machine.RestrictExecution'],
		action('UnrestrictCodeExecution'),
		'machineActions',
	),
	machineRoute(
		/^\/api\/machines\/([^/]+)\/collectInvestigationPackage$/i,
		'POST',
		['Machine.CollectForensics'],
		action('CollectInvestigationPackage'),
		'machineActions',
	),
	machineRoute(
		/^\/api\/machineactions$/i,
		'GET',
		READ,
		(s, c, p) => {
			sendJson(c, 200, {
				'@odata.context': ctxOf(s, 'MachineActions'),
				value: s.response.actions(p.tenant.id).list(query(c), s.clock.now()),
			});
		},
		'machineActions',
	),
	machineRoute(
		/^\/api\/machineactions\/([^/]+)$/i,
		'GET',
		READ,
		(s, c, p, m) => {
			sendJson(c, 200, {
				'@odata.context': ctxOf(s, 'MachineActions/$entity'),
				...s.response.actions(p.tenant.id).get(id(m), s.clock.now()),
			});
		},
		'machineActions',
	),
	machineRoute(
		/^\/api\/machineactions\/([^/]+)\/getPackageUri$/i,
		'GET',
		['Machine.CollectForensics', ...READ],
		(s, c, p, m) => {
			const value = s.response.actions(p.tenant.id).packageUri(id(m), s.clock.now(), s.origin);
			sendJson(c, 200, { '@odata.context': ctxOf(s, 'Edm.String'), value });
		},
		'machineActions',
	),
	machineRoute(
		/^\/api\/indicators$/i,
		'GET',
		TI,
		(s, c, p) => {
			sendJson(c, 200, {
				'@odata.context': ctxOf(s, 'Indicators'),
				value: s.response.indicators(p.tenant.id).list(query(c)),
			});
		},
		'indicators',
	),
	machineRoute(
		/^\/api\/indicators$/i,
		'POST',
		TI,
		async (s, c, p) => {
			const { indicator } = s.response
				.indicators(p.tenant.id)
				.submit(await body(c), p.actor, s.clock.now());
			sendJson(c, 200, { '@odata.context': ctxOf(s, 'Indicators/$entity'), ...indicator });
		},
		'indicators',
	),
	machineRoute(
		/^\/api\/indicators\/import$/i,
		'POST',
		TI,
		async (s, c, p) => {
			const value = s.response
				.indicators(p.tenant.id)
				.import(await body(c), p.actor, s.clock.now());
			sendJson(c, 200, {
				'@odata.context': ctxOf(
					s,
					'Collection(microsoft.windowsDefenderATP.api.ImportIndicatorResult)',
				),
				value,
			});
		},
		'indicatorsImport',
	),
	machineRoute(
		/^\/api\/indicators\/([^/]+)$/i,
		'DELETE',
		TI,
		(s, c, p, m) => {
			s.response.indicators(p.tenant.id).delete(id(m));
			c.res.statusCode = 204;
			c.res.end();
		},
		'indicators',
	),
];
