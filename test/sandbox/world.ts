/**
 * The sandbox's directory: customer tenants, app registrations, users, and per-tenant state
 * (consent per app, Defender licence, MSSP authorization in the portal, region, paging quirk).
 * `createDefaultWorld()` is deterministic: the same GUIDs, domains and secrets on every start.
 */
import { guidFrom, secretFrom } from './ids';

export type NextLinkMode = 'none' | 'standard' | 'repeating' | 'serverPaging';
export const NEXT_LINK_MODES: NextLinkMode[] = ['none', 'standard', 'repeating', 'serverPaging'];
export type Region = 'us' | 'eu' | 'uk' | 'au';

export interface SandboxUser {
	oid: string;
	upn: string;
	name: string;
	isAdmin: boolean;
}

export interface SandboxTenant {
	id: string;
	displayName: string;
	domain: string;
	region: Region;
	/** Defender for Endpoint licensed/onboarded: the WindowsDefenderATP service principal exists. */
	defenderLicensed: boolean;
	/** clientIds consented (admin consent) in this tenant. */
	consentedApps: Set<string>;
	/** clientIds authorized in the portal's Settings → APIs → SIEM → MSSP tab. */
	authorizedApps: Set<string>;
	users: SandboxUser[];
	/** Per-tenant override of the sandbox's `@odata.nextLink` behaviour. */
	nextLinkMode?: NextLinkMode;
	/** Per-tenant override of the 'serverPaging' page size. */
	serverPageSize?: number;
	/**
	 * How long after a consent on the consent page client-credentials requests still answer
	 * AADSTS700016 (0 or unset: at once). Entra ID's directory is eventually consistent: a service
	 * principal just created by the consent can read as "not found" on the replica serving the next
	 * request (Microsoft Entra blog, "Designing for Eventual Consistency for Microsoft Entra").
	 */
	consentReplicationMs?: number;
}

export interface SandboxSecret {
	id: string;
	value: string;
	/** epoch ms; undefined = never expires. */
	expiresAt?: number;
	description: string;
}

export interface SandboxApp {
	clientId: string;
	displayName: string;
	homeTenantId: string;
	multiTenant: boolean;
	publicClient: boolean;
	secrets: SandboxSecret[];
	redirectUris: string[];
	/** WindowsDefenderATP application permissions (app roles) requested by the registration. */
	roles: string[];
	/** WindowsDefenderATP delegated permissions (scopes). */
	delegatedScopes: string[];
}

export interface WorldSummary {
	tenants: Array<
		Omit<SandboxTenant, 'consentedApps' | 'authorizedApps'> & {
			consentedApps: string[];
			authorizedApps: string[];
		}
	>;
	apps: SandboxApp[];
}

export const DEFENDER_RESOURCES = [
	'https://api.securitycenter.microsoft.com',
	'https://api.security.microsoft.com',
	'https://securitycenter.onmicrosoft.com/windowsatpservice',
	'fc780465-2017-40d4-a0c5-307022471b92',
];
export const DEFENDER_AUDIENCES = [
	'https://api.securitycenter.microsoft.com',
	'https://api.security.microsoft.com',
];
const DEFAULT_REDIRECTS = [
	'http://localhost:5678/rest/oauth2-credential/callback',
	'http://localhost/callback',
	'https://localhost/callback',
	'https://portal.azure.com',
];

export interface TenantSpec {
	name: string;
	displayName?: string;
	domain?: string;
	region?: Region;
	defenderLicensed?: boolean;
	/** consent + portal authorization for the MSSP app (default true). */
	msspConsented?: boolean;
	msspAuthorized?: boolean;
	nextLinkMode?: NextLinkMode;
}

export class World {
	readonly tenants = new Map<string, SandboxTenant>();
	readonly apps = new Map<string, SandboxApp>();
	msspAppId = '';
	msspTenantId = '';

	addTenant(spec: TenantSpec): SandboxTenant {
		const slug = spec.name.toLowerCase().replace(/[^a-z0-9]/g, '');
		const id = guidFrom('tenant', slug);
		const domain = (spec.domain ?? `${slug}.onmicrosoft.com`).toLowerCase();
		const t: SandboxTenant = {
			id,
			displayName: spec.displayName ?? spec.name,
			domain,
			region: spec.region ?? 'us',
			defenderLicensed: spec.defenderLicensed ?? true,
			consentedApps: new Set(),
			authorizedApps: new Set(),
			users: [
				{
					oid: guidFrom('user', id, 'admin'),
					upn: `admin@${domain}`,
					name: `${spec.displayName ?? spec.name} Admin`,
					isAdmin: true,
				},
				{
					oid: guidFrom('user', id, 'analyst'),
					upn: `analyst@${domain}`,
					name: `${spec.displayName ?? spec.name} Analyst`,
					isAdmin: false,
				},
			],
			nextLinkMode: spec.nextLinkMode,
		};
		this.tenants.set(id, t);
		if (this.msspAppId) {
			if (spec.msspConsented ?? true) t.consentedApps.add(this.msspAppId);
			if (spec.msspAuthorized ?? spec.msspConsented ?? true) t.authorizedApps.add(this.msspAppId);
		}
		return t;
	}

	addApp(
		app: Omit<SandboxApp, 'secrets' | 'redirectUris' | 'publicClient'> & Partial<SandboxApp>,
	): SandboxApp {
		const full: SandboxApp = {
			publicClient: false,
			redirectUris: [...DEFAULT_REDIRECTS],
			secrets: [
				{
					id: guidFrom('secret', app.clientId, 'main'),
					value: secretFrom('secret', app.clientId, 'main'),
					description: 'main',
				},
			],
			...app,
		};
		this.apps.set(full.clientId, full);
		const home = this.tenants.get(full.homeTenantId);
		if (home) home.consentedApps.add(full.clientId);
		return full;
	}

	/** A tenant by GUID or by (any case) domain; undefined for unknown names and for common/organizations. */
	resolveTenant(idOrDomain: string): SandboxTenant | undefined {
		const key = idOrDomain.toLowerCase();
		const byId = this.tenants.get(key);
		if (byId) return byId;
		for (const t of this.tenants.values()) if (t.domain === key) return t;
		return undefined;
	}

	tenantOfUser(upn: string): SandboxTenant | undefined {
		const domain = upn.split('@')[1]?.toLowerCase();
		return domain ? this.resolveTenant(domain) : undefined;
	}

	/** Whether the app has a service principal in the tenant (home tenant or consented). */
	appInTenant(app: SandboxApp, tenant: SandboxTenant): boolean {
		return (
			app.homeTenantId === tenant.id || (app.multiTenant && tenant.consentedApps.has(app.clientId))
		);
	}

	summary(): WorldSummary {
		return {
			tenants: [...this.tenants.values()].map((t) => ({
				...t,
				users: t.users.map((u) => ({ ...u })),
				consentedApps: [...t.consentedApps],
				authorizedApps: [...t.authorizedApps],
			})),
			apps: [...this.apps.values()].map((a) => ({
				...a,
				secrets: a.secrets.map((s) => ({ ...s })),
			})),
		};
	}
}

/** Names of the default world, so tests can read well (`sb.tenants.fabrikam.id`). */
export interface DefaultWorldHandles {
	mssp: SandboxTenant;
	fabrikam: SandboxTenant;
	northwind: SandboxTenant;
	tailspin: SandboxTenant;
	woodgrove: SandboxTenant;
	litware: SandboxTenant;
	adatum: SandboxTenant;
}
export interface DefaultAppHandles {
	mssp: SandboxApp;
	msspReadOnly: SandboxApp;
	msspNoRoles: SandboxApp;
	fabrikamSiem: SandboxApp;
	publicClient: SandboxApp;
}

const ALL_ROLES = [
	'Alert.Read.All',
	'Alert.ReadWrite.All',
	'Machine.Read.All',
	'Machine.ReadWrite.All',
	'Machine.Isolate',
	'Machine.Scan',
	'Machine.RestrictExecution',
	'Machine.CollectForensics',
	'Ti.ReadWrite.All',
	'AdvancedQuery.Read.All',
];
const ALL_SCOPES = [
	'Alert.Read',
	'Alert.ReadWrite',
	'Machine.Read',
	'Machine.ReadWrite',
	'Machine.Isolate',
	'Machine.Scan',
	'Machine.RestrictExecution',
	'Machine.CollectForensics',
	'Ti.ReadWrite',
];

export function createDefaultWorld(opts: { extraTenants?: number | TenantSpec[] } = {}): {
	world: World;
	tenants: DefaultWorldHandles;
	apps: DefaultAppHandles;
} {
	const w = new World();
	const mssp = w.addTenant({
		name: 'contosomssp',
		displayName: 'Contoso MSSP',
		region: 'us',
		defenderLicensed: true,
	});
	w.msspTenantId = mssp.id;
	const msspApp = w.addApp({
		clientId: guidFrom('app', 'mssp-connector'),
		displayName: 'Contoso MSSP Defender Connector',
		homeTenantId: mssp.id,
		multiTenant: true,
		roles: ALL_ROLES,
		delegatedScopes: ALL_SCOPES,
	});
	msspApp.secrets.push({
		id: guidFrom('secret', msspApp.clientId, 'old'),
		value: secretFrom('secret', msspApp.clientId, 'old'),
		expiresAt: Date.UTC(2025, 11, 1),
		description: 'expired 2025-12-01',
	});
	w.msspAppId = msspApp.clientId;
	const msspReadOnly = w.addApp({
		clientId: guidFrom('app', 'mssp-readonly'),
		displayName: 'Contoso MSSP Read-only Reporter',
		homeTenantId: mssp.id,
		multiTenant: true,
		roles: ['Alert.Read.All'],
		delegatedScopes: ['Alert.Read'],
	});
	const msspNoRoles = w.addApp({
		clientId: guidFrom('app', 'mssp-noroles'),
		displayName: 'Contoso MSSP Machines-only Tool',
		homeTenantId: mssp.id,
		multiTenant: true,
		roles: ['Machine.Read.All'],
		delegatedScopes: ['Machine.Read'],
	});
	const publicClient = w.addApp({
		clientId: guidFrom('app', 'mssp-public'),
		displayName: 'Contoso MSSP Desktop Tool',
		homeTenantId: mssp.id,
		multiTenant: true,
		publicClient: true,
		roles: [],
		delegatedScopes: ALL_SCOPES,
		secrets: [],
	});

	const customer = (
		spec: TenantSpec,
		extraApps: SandboxApp[] = [msspReadOnly, msspNoRoles, publicClient],
	) => {
		const t = w.addTenant(spec);
		if (spec.msspConsented ?? true)
			for (const a of extraApps) {
				t.consentedApps.add(a.clientId);
				t.authorizedApps.add(a.clientId);
			}
		return t;
	};
	const fabrikam = customer({ name: 'fabrikam', displayName: 'Fabrikam, Inc.', region: 'eu' });
	const northwind = customer({
		name: 'northwindtraders',
		displayName: 'Northwind Traders',
		region: 'us',
	});
	const tailspin = customer({ name: 'tailspintoys', displayName: 'Tailspin Toys', region: 'uk' });
	const woodgrove = customer({
		name: 'woodgrovebank',
		displayName: 'Woodgrove Bank',
		region: 'us',
		msspConsented: false,
	});
	const litware = customer({
		name: 'litware',
		displayName: 'Litware, Inc.',
		region: 'au',
		defenderLicensed: false,
	});
	const adatum = customer({
		name: 'adatum',
		displayName: 'Adatum Corporation',
		region: 'eu',
		msspAuthorized: false,
	});
	adatum.authorizedApps.clear();
	const fabrikamSiem = w.addApp({
		clientId: guidFrom('app', 'fabrikam-siem'),
		displayName: 'Fabrikam SIEM connector (per-tenant)',
		homeTenantId: fabrikam.id,
		multiTenant: false,
		roles: ['Alert.Read.All'],
		delegatedScopes: ['Alert.Read', 'Alert.ReadWrite'],
		redirectUris: [...DEFAULT_REDIRECTS, 'https://localhost/SiemMsspConnector'],
	});

	const extra = opts.extraTenants;
	const specs: TenantSpec[] =
		typeof extra === 'number'
			? Array.from({ length: extra }, (_, i) => ({
					name: `customer${String(i + 1).padStart(3, '0')}`,
					displayName: `Customer ${i + 1}`,
					region: (['us', 'eu', 'uk', 'au'] as Region[])[i % 4],
				}))
			: (extra ?? []);
	for (const s of specs) customer(s);

	return {
		world: w,
		tenants: { mssp, fabrikam, northwind, tailspin, woodgrove, litware, adatum },
		apps: { mssp: msspApp, msspReadOnly, msspNoRoles, fabrikamSiem, publicClient },
	};
}

/** Captures the world's current state; the returned function restores it in place (handles stay valid). */
export function snapshotWorld(w: World): () => void {
	const tenants = [...w.tenants.values()].map((t) => ({
		t,
		consented: new Set(t.consentedApps),
		authorized: new Set(t.authorizedApps),
		licensed: t.defenderLicensed,
		region: t.region,
		nextLinkMode: t.nextLinkMode,
		serverPageSize: t.serverPageSize,
		consentReplicationMs: t.consentReplicationMs,
	}));
	const apps = [...w.apps.values()].map((a) => ({
		a,
		secrets: a.secrets.map((s) => ({ ...s })),
		redirectUris: [...a.redirectUris],
	}));
	return () => {
		w.tenants.clear();
		for (const s of tenants) {
			s.t.consentedApps = new Set(s.consented);
			s.t.authorizedApps = new Set(s.authorized);
			s.t.defenderLicensed = s.licensed;
			s.t.region = s.region;
			s.t.nextLinkMode = s.nextLinkMode;
			s.t.serverPageSize = s.serverPageSize;
			s.t.consentReplicationMs = s.consentReplicationMs;
			w.tenants.set(s.t.id, s.t);
		}
		w.apps.clear();
		for (const s of apps) {
			s.a.secrets = s.secrets.map((x) => ({ ...x }));
			s.a.redirectUris = [...s.redirectUris];
			w.apps.set(s.a.clientId, s.a);
		}
	};
}
