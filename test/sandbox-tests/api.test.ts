/** Defender API over HTTP: bearer/role/portal errors, alerts routes through the store, paging quirks, error shapes. */
import { SandboxControlClient } from '../sandbox/client';
import { startSandbox, Sandbox } from '../sandbox/server';
import { apiCode, appToken, bearer, http } from './helpers';

let sb: Sandbox;
let req: ReturnType<typeof http>;
let fab: string;
beforeAll(async () => {
	sb = await startSandbox();
	req = http(sb);
	fab = sb.tenants.fabrikam.id;
});
afterAll(async () => {
	await sb.stop();
});
beforeEach(async () => {
	await sb.control.reset();
});

describe('bearer validation', () => {
	test('missing, malformed, tampered, expired, wrong audience, revoked → 401 Unauthorized', async () => {
		const good = await appToken(sb, fab);
		const [h, p, s] = good.split('.');
		const claims = JSON.parse(Buffer.from(p, 'base64url').toString());
		const tampered = `${h}.${Buffer.from(JSON.stringify({ ...claims, tid: sb.tenants.northwind.id })).toString('base64url')}.${s}`;
		const graph = (
			await req('POST', `/${fab}/oauth2/v2.0/token`, {
				form: {
					grant_type: 'client_credentials',
					client_id: sb.credentials.clientId,
					client_secret: sb.credentials.clientSecret,
					scope: 'https://graph.microsoft.com/.default',
				},
			})
		).json.access_token;
		for (const headers of [
			{},
			{ Authorization: 'Bearer nonsense' },
			{ Authorization: `Basic ${good}` },
			bearer(tampered),
			bearer(graph),
		]) {
			const r = await req('GET', '/api/alerts', { headers });
			expect(r.status).toBe(401);
			expect(apiCode(r)).toBe('Unauthorized');
		}
		expect((await req('GET', '/api/alerts', { headers: bearer(good) })).status).toBe(200);
		await sb.control.revokeTokens({ token: good });
		expect((await req('GET', '/api/alerts', { headers: bearer(good) })).status).toBe(401);
		const fresh = await appToken(sb, fab);
		await sb.control.advanceClock(3600_000);
		const expired = await req('GET', '/api/alerts', { headers: bearer(fresh) });
		expect(expired.status).toBe(401);
		expect(expired.json.error.message).toMatch(/expired/);
	});

	test('revocation by tenant + app revokes issued tokens only', async () => {
		const old = await appToken(sb, fab);
		await sb.control.advanceClock(1000);
		await sb.control.revokeTokens({ tenantId: fab, clientId: sb.credentials.clientId });
		expect((await req('GET', '/api/alerts', { headers: bearer(old) })).status).toBe(401);
		await sb.control.advanceClock(1000);
		expect(
			(await req('GET', '/api/alerts', { headers: bearer(await appToken(sb, fab)) })).status,
		).toBe(200);
	});

	test('roles: no Alert role → 403 Forbidden; read-only app cannot write', async () => {
		const none = await appToken(sb, fab, sb.apps.msspNoRoles.clientId);
		const r = await req('GET', '/api/alerts', { headers: bearer(none) });
		expect(r.status).toBe(403);
		expect(apiCode(r)).toBe('Forbidden');
		const ro = await appToken(sb, fab, sb.apps.msspReadOnly.clientId);
		expect((await req('GET', '/api/alerts', { headers: bearer(ro) })).status).toBe(200);
		const w = await req('POST', '/api/alerts/batchUpdate', {
			headers: bearer(ro),
			json: { alertIds: ['x'], status: 'Resolved' },
		});
		expect(w.status).toBe(403);
		expect(w.json.error.message).toContain('Alert.ReadWrite.All');
	});

	test('tenant portal has not authorized the MSSP app → 403 DisabledFeature; licence removed later → 403', async () => {
		const tok = await appToken(sb, sb.tenants.adatum.id);
		const r = await req('GET', '/api/alerts', { headers: bearer(tok) });
		expect(r.status).toBe(403);
		expect(apiCode(r)).toBe('DisabledFeature');
		await sb.control.updateTenant(sb.tenants.adatum.id, { authorized: true });
		expect((await req('GET', '/api/alerts', { headers: bearer(tok) })).status).toBe(200);
		const f = await appToken(sb, fab);
		await sb.control.updateTenant(fab, { defenderLicensed: false });
		expect(apiCode(await req('GET', '/api/alerts', { headers: bearer(f) }))).toBe(
			'DisabledFeature',
		);
	});
});

describe('alerts', () => {
	let tok: string;
	beforeEach(async () => {
		tok = await appToken(sb, fab);
		await sb.control.seedAlerts(fab, { count: 120, seed: 7 });
	});
	const get = (path: string) => req('GET', path, { headers: bearer(tok) });

	test('list: @odata.context, value, request-id header; /api/v1.0 alias; each tenant sees its own data', async () => {
		const r = await get('/api/alerts');
		expect(r.status).toBe(200);
		expect(r.json['@odata.context']).toBe(`${sb.apiBaseUrl}/api/$metadata#Alerts`);
		expect(r.json.value).toHaveLength(120);
		expect(r.headers['request-id']).toMatch(/^[0-9a-f-]{36}$/);
		expect((await get('/api/v1.0/alerts?$top=3')).json.value).toHaveLength(3);
		expect(r.json.value.every((a: { aadTenantId: string }) => a.aadTenantId === fab)).toBe(true);
		const other = await req('GET', '/api/alerts', {
			headers: bearer(await appToken(sb, sb.tenants.northwind.id)),
		});
		expect(other.json.value).toEqual([]);
	});

	test('$filter through the URL; $top > 10000 → 400; bad filter → 400', async () => {
		const high = await get(`/api/alerts?$filter=${encodeURIComponent("severity eq 'High'")}`);
		expect(high.status).toBe(200);
		expect(high.json.value.length).toBeGreaterThan(0);
		expect(high.json.value.every((a: { severity: string }) => a.severity === 'High')).toBe(true);
		const big = await get('/api/alerts?$top=10001');
		expect(big.status).toBe(400);
		expect(['ODataError', 'InvalidInput', 'BadRequest']).toContain(apiCode(big));
		expect((await get(`/api/alerts?$filter=${encodeURIComponent('nonsense eq')}`)).status).toBe(
			400,
		);
	});

	test('get, PATCH (moves lastUpdateTime), batchUpdate, 404, bad JSON', async () => {
		const first = (await get('/api/alerts?$top=2')).json.value;
		const one = await get(`/api/alerts/${first[0].id}`);
		expect(one.json.id).toBe(first[0].id);
		const missing = await get('/api/alerts/da000000000000000000_1');
		expect(missing.status).toBe(404);
		expect(['NotFound', 'ResourceNotFound']).toContain(apiCode(missing));
		await sb.control.advanceClock(60_000);
		const p = await req('PATCH', `/api/alerts/${first[0].id}`, {
			headers: bearer(tok),
			json: { status: 'Resolved', comment: 'done' },
		});
		expect(p.status).toBe(200);
		expect(p.json.status).toBe('Resolved');
		expect(Date.parse(p.json.lastUpdateTime)).toBeGreaterThan(Date.parse(first[0].lastUpdateTime));
		const b = await req('POST', '/api/alerts/batchUpdate', {
			headers: bearer(tok),
			json: { alertIds: [first[1].id], status: 'InProgress' },
		});
		expect(b.status).toBe(200);
		expect((await get(`/api/alerts/${first[1].id}`)).json.status).toBe('InProgress');
		const bad = await req('PATCH', `/api/alerts/${first[0].id}`, {
			headers: { ...bearer(tok), 'Content-Type': 'application/json' },
			body: '{"status":',
		});
		expect(bad.status).toBe(400);
		expect(apiCode(bad)).toBe('InvalidRequestBody');
	});

	test('unknown route → 404, wrong method → 405, unknown non-API path → 404, all in the error shape', async () => {
		expect(apiCode(await get('/api/nothing'))).toBe('ResourceNotFound');
		const m = await req('DELETE', '/api/alerts', { headers: bearer(tok) });
		expect(m.status).toBe(405);
		apiCode(m);
		const x = await req('GET', '/what/ever/this/is');
		expect(x.status).toBe(404);
		apiCode(x);
	});

	test('late visibility: alerts inserted with visibleAt appear once the clock passes it', async () => {
		const now = (await sb.control.clock()).now;
		await sb.control.seedAlerts(sb.tenants.tailspin.id, {
			count: 5,
			seed: 99,
			startTime: now - 3600_000,
			endTime: now - 1000,
			visibleAt: now + 300_000,
		});
		const t = await appToken(sb, sb.tenants.tailspin.id);
		expect((await req('GET', '/api/alerts', { headers: bearer(t) })).json.value).toHaveLength(0);
		await sb.control.advanceClock(300_000);
		expect((await req('GET', '/api/alerts', { headers: bearer(t) })).json.value).toHaveLength(5);
	});

	test('control updateAlert moves lastUpdateTime and is visible through the API', async () => {
		const a = (await get('/api/alerts?$top=1')).json.value[0];
		await sb.control.advanceClock(5000);
		const m = await sb.control.updateAlert(fab, a.id, { severity: 'High' });
		expect(m.severity).toBe('High');
		expect((await get(`/api/alerts/${a.id}`)).json.lastUpdateTime).toBe(m.lastUpdateTime);
	});
});

describe('@odata.nextLink modes', () => {
	let tok: string;
	beforeEach(async () => {
		tok = await appToken(sb, fab);
		await sb.control.seedAlerts(fab, { count: 25, seed: 3 });
	});
	const get = (url: string) => req('GET', url, { headers: bearer(tok) });

	test("'none' (default): no nextLink when $top is given", async () => {
		const r = await get('/api/alerts?$top=10');
		expect(r.json.value).toHaveLength(10);
		expect(r.json['@odata.nextLink']).toBeUndefined();
	});

	test("'standard': link with $skip, followed to the end", async () => {
		await sb.control.setNextLinkMode('standard', fab);
		let url: string | undefined = '/api/alerts?$top=10';
		const ids: string[] = [];
		while (url) {
			const r = await get(url);
			ids.push(...r.json.value.map((a: { id: string }) => a.id));
			url = r.json['@odata.nextLink'];
			if (url) expect(url).toMatch(/\$skip=\d+/);
		}
		expect(new Set(ids).size).toBe(25);
	});

	test("'repeating': the link repeats itself (same page again)", async () => {
		await sb.control.setNextLinkMode('repeating');
		const p1 = await get('/api/alerts?$top=10');
		const l1 = p1.json['@odata.nextLink'];
		const p2 = await get(l1);
		const l2 = p2.json['@odata.nextLink'];
		expect(l2).toBe(`${l1}&$skip=10`);
		const p3 = await get(l2);
		expect(p3.json.value.map((a: { id: string }) => a.id)).toEqual(
			p2.json.value.map((a: { id: string }) => a.id),
		);
	});

	/** Follows @odata.nextLink to the end; the ids of every page. */
	const follow = async (url: string) => {
		const pages: string[][] = [];
		const links: string[] = [];
		let next: string | undefined = url;
		while (next) {
			const r = await get(next);
			expect(r.status).toBe(200);
			pages.push(r.json.value.map((a: { id: string }) => a.id));
			next = r.json['@odata.nextLink'];
			if (next) links.push(next);
		}
		return { pages, links, ids: pages.flat() };
	};

	test("'serverPaging': pages of the server's size under a larger $top; the nextLink ($skiptoken, same origin, path, $filter, $orderby) gives the rest of the $top window in order", async () => {
		const times = (await sb.control.alerts(fab)).map((a) => a.alertCreationTime as string).sort();
		const filter = `alertCreationTime gt ${times[4]}`;
		const q = `$filter=${encodeURIComponent(filter)}&$orderby=${encodeURIComponent('alertCreationTime desc')}`;
		const reference = (await get(`/api/alerts?${q}`)).json.value.map((a: { id: string }) => a.id);
		expect(reference.length).toBeGreaterThan(14);
		await sb.control.setNextLinkMode('serverPaging', fab, { pageSize: 7 });

		const all = await follow(`/api/alerts?${q}&$top=10000`);
		expect(all.pages[0]).toHaveLength(7); // a client that stops at this short page loses the rest
		expect(all.pages.slice(0, -1).every((p) => p.length === 7)).toBe(true);
		expect(all.ids).toEqual(reference);
		for (const l of all.links) {
			const u = new URL(l);
			expect(`${u.origin}${u.pathname}`).toBe(`${sb.origin}/api/alerts`);
			expect(u.searchParams.get('$filter')).toBe(filter);
			expect(u.searchParams.get('$orderby')).toBe('alertCreationTime desc');
			expect(u.searchParams.get('$skiptoken')).toEqual(expect.any(String));
			expect(u.searchParams.has('$skip') || u.searchParams.has('$top')).toBe(false);
		}
		const window = await follow(`/api/alerts?${q}&$top=10&$skip=2`);
		expect(window.pages.map((p) => p.length)).toEqual([7, 3]);
		expect(window.ids).toEqual(reference.slice(2, 12));
		expect((await get(`/api/alerts?${q}&$top=7`)).json['@odata.nextLink']).toBeUndefined();
	});

	test("'serverPaging' over HTTP: no $top → every match; /api/v1.0 path kept; the link refuses edits; pageSize checks; reset", async () => {
		const c = new SandboxControlClient(sb.origin, sb.caPath);
		const reference = (await get('/api/alerts')).json.value.map((a: { id: string }) => a.id);
		await c.setNextLinkMode('serverPaging', undefined, { pageSize: 10 });
		const all = await follow('/api/v1.0/alerts');
		expect(all.pages.map((p) => p.length)).toEqual([10, 10, 5]);
		expect(all.ids).toEqual(reference);
		expect(new URL(all.links[0]).pathname).toBe('/api/v1.0/alerts');

		const link = all.links[0];
		for (const edited of [
			`${link}&$top=5`,
			`${link}&$skip=3`,
			`${link}&$filter=${encodeURIComponent("status eq 'New'")}`,
			link.replace(/\$skiptoken=[^&]+/, '$skiptoken=bm90LWEtdG9rZW4'),
		]) {
			const r = await get(edited);
			expect(r.status).toBe(400);
			expect(apiCode(r)).toBe('ODataError');
		}
		await expect(c.setNextLinkMode('standard', undefined, { pageSize: 5 })).rejects.toMatchObject({
			status: 400,
		});
		await expect(c.setNextLinkMode('serverPaging', fab, { pageSize: 0 })).rejects.toMatchObject({
			status: 400,
		});
		await c.reset();
		expect((await get('/api/alerts')).json['@odata.nextLink']).toBeUndefined();
		await c.seedAlerts(fab, { count: 25, seed: 3 });
		await c.setNextLinkMode('serverPaging', fab);
		const one = await get('/api/alerts?$top=50');
		expect(one.json.value).toHaveLength(25); // default page size 100
		expect(one.json['@odata.nextLink']).toBeUndefined();
	});
});

test('an unexpected exception → 500 InternalServerError in the documented shape, no stack', async () => {
	const tok = await appToken(sb, fab);
	sb.state.stores.set(fab, {
		list: () => {
			throw new Error('boom at secret place');
		},
	} as never);
	const r = await req('GET', '/api/alerts', { headers: bearer(tok) });
	expect(r.status).toBe(500);
	expect(apiCode(r)).toBe('InternalServerError');
	expect(r.text).not.toContain('boom');
	expect(r.text).not.toContain('at ');
	expect((await sb.control.counters()).internalErrors[0]).toContain('boom');
});
