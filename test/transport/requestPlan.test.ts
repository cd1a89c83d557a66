import { appTokenKey } from '../../nodes/shared/transport/appToken';
import { resolveEndpoints } from '../../nodes/shared/transport/clouds';
import { tenantPlan } from '../../nodes/shared/transport/requestPlan';

const TENANT = '11111111-2222-3333-4444-555555555555';
const app = (clientSecret: string) => ({
	cloud: 'global',
	clientId: 'client-1',
	clientSecret,
	apiRegion: 'default',
});

describe('tenantPlan (what every request of a tenant shares)', () => {
	it('is worked out once per credential copy and tenant, and equals what each request computed', () => {
		const credentials = app('s3cret');
		const first = tenantPlan(credentials, 'defenderMsspAppApi', { tenantId: TENANT, label: 'A' });
		const again = tenantPlan(credentials, 'defenderMsspAppApi', { tenantId: TENANT, label: 'A' });
		expect(again).toBe(first);
		const endpoints = resolveEndpoints(credentials, undefined);
		expect(first.endpoints).toEqual(endpoints);
		expect(first.tokenKey).toBe(appTokenKey(credentials, endpoints, { tenantId: TENANT }));
		expect(first.secrets).toEqual(['s3cret']);
	});

	it('tells tenants, regions and labels apart', () => {
		const credentials = app('s3cret');
		const a = tenantPlan(credentials, 'defenderMsspAppApi', { tenantId: TENANT });
		const eu = tenantPlan(credentials, 'defenderMsspAppApi', { tenantId: TENANT, region: 'eu' });
		const labelled = tenantPlan(credentials, 'defenderMsspAppApi', {
			tenantId: TENANT,
			label: 'B',
		});
		expect(eu.endpoints.apiBaseUrl).not.toBe(a.endpoints.apiBaseUrl);
		expect(labelled.tenant.label).toBe('B');
		expect(a.tenant.label).toBeUndefined();
	});

	it('gives a rotated secret (a new copy of the credential) a new token key and new secrets', () => {
		const old = tenantPlan(app('old-secret'), 'defenderMsspAppApi', { tenantId: TENANT });
		const rotated = tenantPlan(app('new-secret'), 'defenderMsspAppApi', { tenantId: TENANT });
		expect(rotated.tokenKey).not.toBe(old.tokenKey);
		expect(rotated.secrets).toEqual(['new-secret']);
	});

	it('keeps OAuth2 tokens among the secrets and has no app token key', () => {
		const oauth = {
			cloud: 'global',
			clientSecret: 'oauth-secret',
			oauthTokenData: { access_token: 'at', refresh_token: 'rt' },
		};
		const plan = tenantPlan(oauth, 'defenderMsspOAuth2Api', { tenantId: TENANT });
		expect(plan.tokenKey).toBeUndefined();
		expect(plan.secrets).toEqual(['oauth-secret', 'at', 'rt']);
	});

	it('says what to fix for an unusable tenant id or region', () => {
		const credentials = app('s3cret');
		expect(() =>
			tenantPlan(credentials, 'defenderMsspAppApi', { tenantId: 'not a tenant' }),
		).toThrow(/tenant/i);
		expect(() =>
			tenantPlan(credentials, 'defenderMsspAppApi', { tenantId: TENANT, region: 'mars' }),
		).toThrow('Unknown API region "mars"');
		// An empty region is refused even after the same tenant was planned without one.
		tenantPlan(credentials, 'defenderMsspAppApi', { tenantId: TENANT });
		expect(() =>
			tenantPlan(credentials, 'defenderMsspAppApi', { tenantId: TENANT, region: '' }),
		).toThrow('Unknown API region ""');
	});
});
