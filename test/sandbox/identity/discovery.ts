/** OpenID discovery (v2 and v1), JWKS, and the instance-discovery answer MSAL asks for. */
import type { SandboxState } from '../state';
import type { SandboxTenant } from '../world';

const REGION_SCOPE: Record<string, string> = { us: 'NA', eu: 'EU', uk: 'EU', au: 'OC' };

export function openIdConfiguration(
	state: SandboxState,
	segment: string,
	tenant: SandboxTenant | undefined,
	v1: boolean,
): Record<string, unknown> {
	const o = state.origin;
	const t = tenant?.id ?? segment.toLowerCase();
	const host = new URL(o).host;
	const common = {
		token_endpoint_auth_methods_supported: [
			'client_secret_post',
			'private_key_jwt',
			'client_secret_basic',
		],
		response_modes_supported: ['query', 'fragment', 'form_post'],
		subject_types_supported: ['pairwise'],
		id_token_signing_alg_values_supported: ['RS256'],
		response_types_supported: ['code', 'id_token', 'code id_token', 'id_token token'],
		request_uri_parameter_supported: false,
		http_logout_supported: true,
		frontchannel_logout_supported: true,
		tenant_region_scope: tenant ? (REGION_SCOPE[tenant.region] ?? 'NA') : null,
		cloud_instance_name: host,
		cloud_graph_host_name: 'graph.windows.net',
		msgraph_host: 'graph.microsoft.com',
		rbac_url: 'https://pas.windows.net',
		claims_supported: [
			'sub',
			'iss',
			'cloud_instance_name',
			'cloud_instance_host_name',
			'cloud_graph_host_name',
			'msgraph_host',
			'aud',
			'exp',
			'iat',
			'auth_time',
			'acr',
			'nonce',
			'preferred_username',
			'name',
			'tid',
			'ver',
			'at_hash',
			'c_hash',
			'email',
		],
	};
	if (v1) {
		return {
			...common,
			token_endpoint: `${o}/${t}/oauth2/token`,
			jwks_uri: `${o}/${t}/discovery/keys`,
			issuer: `https://sts.windows.net/${tenant?.id ?? '{tenantid}'}/`,
			authorization_endpoint: `${o}/${t}/oauth2/authorize`,
			device_authorization_endpoint: `${o}/${t}/oauth2/devicecode`,
			end_session_endpoint: `${o}/${t}/oauth2/logout`,
			userinfo_endpoint: `${o}/${t}/openid/userinfo`,
			check_session_iframe: `${o}/${t}/oauth2/checksession`,
			microsoft_multi_refresh_token: true,
		};
	}
	return {
		...common,
		token_endpoint: `${o}/${t}/oauth2/v2.0/token`,
		jwks_uri: `${o}/${t}/discovery/v2.0/keys`,
		scopes_supported: ['openid', 'profile', 'email', 'offline_access'],
		issuer: `${o}/${tenant?.id ?? '{tenantid}'}/v2.0`,
		userinfo_endpoint: 'https://graph.microsoft.com/oidc/userinfo',
		authorization_endpoint: `${o}/${t}/oauth2/v2.0/authorize`,
		device_authorization_endpoint: `${o}/${t}/oauth2/v2.0/devicecode`,
		end_session_endpoint: `${o}/${t}/oauth2/v2.0/logout`,
		kerberos_endpoint: `${o}/${t}/kerberos`,
	};
}

export function jwks(
	state: SandboxState,
	tenant: SandboxTenant | undefined,
	v1: boolean,
): Record<string, unknown> {
	const issuer = v1 ? undefined : `${state.origin}/${tenant?.id ?? '{tenantid}'}/v2.0`;
	return { keys: [state.key.jwk(issuer)] };
}

export function instanceDiscovery(state: SandboxState): Record<string, unknown> {
	const host = new URL(state.origin).host;
	return {
		tenant_discovery_endpoint: `${state.origin}/{tenant}/v2.0/.well-known/openid-configuration`,
		'api-version': '1.1',
		metadata: [{ preferred_network: host, preferred_cache: host, aliases: [host] }],
	};
}
