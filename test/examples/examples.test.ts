/**
 * Structural validation of every shipped example workflow (examples/*.json): a workflow that
 * imports into n8n but names a parameter, option value or credential our nodes do not have would
 * silently lose that setting. Nodes of this package are checked against their real descriptions
 * (loaded from nodes/), credentials against credentials/.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type {
	ICredentialType,
	INodeProperties,
	INodeType,
	INodeTypeDescription,
} from 'n8n-workflow';

const ROOT = join(__dirname, '..', '..');
const EXAMPLES = join(ROOT, 'examples');
const PACKAGE = 'n8n-nodes-defender-mssp';
/** n8n's own credential types the examples may use (not defined by this package). */
const N8N_CREDENTIALS = new Set(['smtp', 'n8nApi', 'httpHeaderAuth']);
/** Parameters n8n adds to every polling node. */
const POLLING_PARAMETERS = new Set(['pollTimes']);
/** n8n's own start nodes: every `*Trigger` type plus the Webhook node. */
const isN8nTrigger = (type: string) =>
	type.startsWith('n8n-nodes-base.') &&
	(/Trigger$/.test(type) || type === 'n8n-nodes-base.webhook');

interface WorkflowNode {
	id?: string;
	name: string;
	type: string;
	typeVersion: number;
	position: [number, number];
	parameters: Record<string, unknown>;
	credentials?: Record<string, { id: string; name: string }>;
}

interface Workflow {
	id?: string;
	name: string;
	nodes: WorkflowNode[];
	connections: Record<
		string,
		Record<string, Array<Array<{ node: string; type: string; index: number }>>>
	>;
}

type Ctor<T> = new () => T;

async function loadClasses<T>(dir: string, suffix: string): Promise<T[]> {
	const out: T[] = [];
	for (const file of readdirSync(dir, { recursive: true, encoding: 'utf8' })) {
		if (!file.endsWith(`${suffix}.ts`)) continue;
		const mod = (await import(join(dir, file.slice(0, -3)))) as Record<string, unknown>;
		for (const value of Object.values(mod)) {
			if (typeof value === 'function') out.push(new (value as Ctor<T>)());
		}
	}
	return out;
}

const isObject = (v: unknown): v is Record<string, unknown> =>
	typeof v === 'object' && v !== null && !Array.isArray(v);
const isExpression = (v: unknown) => typeof v === 'string' && v.startsWith('=');

/** Whether a property is shown for these parameter values (displayOptions.show/hide). */
function visible(
	prop: INodeProperties,
	values: Record<string, unknown>,
	siblings: INodeProperties[],
) {
	const valueOf = (key: string) => {
		const name = key.replace(/^\//, '');
		if (name in values) return values[name];
		return siblings.find((p) => p.name === name)?.default;
	};
	const matches = (key: string, allowed: unknown[]) => {
		if (key.startsWith('@')) return true;
		const v = valueOf(key);
		return allowed.some((a) => isObject(a) || a === v || (Array.isArray(v) && v.includes(a)));
	};
	const show = prop.displayOptions?.show ?? {};
	const hide = prop.displayOptions?.hide ?? {};
	return (
		Object.entries(show).every(([k, a]) => matches(k, a as unknown[])) &&
		!Object.entries(hide).some(([k, a]) => matches(k, a as unknown[]))
	);
}

/** Problems with `values` against `props` (recursing into collections). */
function checkParameters(
	values: Record<string, unknown>,
	props: INodeProperties[],
	path: string,
	topLevel: boolean,
): string[] {
	const problems: string[] = [];
	for (const [name, value] of Object.entries(values)) {
		const here = `${path}.${name}`;
		const candidates = props.filter((p) => p.name === name);
		if (candidates.length === 0) {
			problems.push(`${here}: no such parameter`);
			continue;
		}
		const shown = topLevel ? candidates.filter((p) => visible(p, values, props)) : candidates;
		if (shown.length === 0) {
			problems.push(`${here}: parameter is hidden by its displayOptions for these values`);
			continue;
		}
		const prop = shown[0];
		if (isExpression(value)) continue;
		if (prop.type === 'options' || prop.type === 'multiOptions') {
			const allowed = new Set(
				shown.flatMap((p) => (p.options ?? []).map((o) => ('value' in o ? o.value : undefined))),
			);
			const given = Array.isArray(value) ? value : [value];
			for (const v of given) {
				if (!allowed.has(v as string)) problems.push(`${here}: "${String(v)}" is not an option`);
			}
		} else if (prop.type === 'collection') {
			if (!isObject(value)) problems.push(`${here}: expected an object`);
			else
				problems.push(
					...checkParameters(value, (prop.options ?? []) as INodeProperties[], here, false),
				);
		} else if (prop.type === 'fixedCollection') {
			if (!isObject(value)) {
				problems.push(`${here}: expected an object`);
				continue;
			}
			const groups = (prop.options ?? []) as Array<{ name: string; values: INodeProperties[] }>;
			for (const [group, entry] of Object.entries(value)) {
				const def = groups.find((g) => g.name === group);
				if (!def) {
					problems.push(`${here}.${group}: no such group`);
					continue;
				}
				const entries = Array.isArray(entry) ? entry : [entry];
				if (Array.isArray(entry) !== Boolean(prop.typeOptions?.multipleValues)) {
					problems.push(`${here}.${group}: multipleValues mismatch`);
				}
				for (const e of entries) {
					if (!isObject(e)) problems.push(`${here}.${group}: expected an object`);
					else problems.push(...checkParameters(e, def.values, `${here}.${group}`, true));
				}
			}
		}
	}
	return problems;
}

const files = readdirSync(EXAMPLES).filter((f) => f.endsWith('.json'));

describe('example workflows', () => {
	let nodeTypes: Map<string, INodeTypeDescription>;
	let credentialTypes: Set<string>;

	beforeAll(async () => {
		const nodes = await loadClasses<INodeType>(join(ROOT, 'nodes'), '.node');
		nodeTypes = new Map(nodes.map((n) => [`${PACKAGE}.${n.description.name}`, n.description]));
		const creds = await loadClasses<ICredentialType>(join(ROOT, 'credentials'), '.credentials');
		credentialTypes = new Set(creds.map((c) => c.name));
	});

	// Delivery paths are tested in siemDelivery.test.ts and redelivery.test.ts.
	it('ships the alert-to-SIEM, SIEM redelivery and e-mail routing examples', () => {
		expect(files).toEqual(
			expect.arrayContaining(['alert-to-siem.json', 'siem-redelivery.json', 'email-routing.json']),
		);
		expect(nodeTypes.has(`${PACKAGE}.defenderFetchAlerts`)).toBe(true);
		expect(credentialTypes.has('defenderMsspAppApi')).toBe(true);
	});

	// Importing several examples must give one Defender and one SMTP credential to fill in, not one
	// per example: every example names the same credential id (and name) for a given type.
	it('name one credential per type across all examples', () => {
		const byType = new Map<string, Set<string>>();
		for (const file of files) {
			const wf = JSON.parse(readFileSync(join(EXAMPLES, file), 'utf8')) as Workflow;
			for (const n of wf.nodes) {
				for (const [type, ref] of Object.entries(n.credentials ?? {})) {
					byType.set(type, (byType.get(type) ?? new Set()).add(`${ref.id} (${ref.name})`));
				}
			}
		}
		const ambiguous = [...byType]
			.filter(([, refs]) => refs.size > 1)
			.map(([t, r]) => `${t}: ${[...r].join(', ')}`);
		expect(ambiguous).toEqual([]);
		expect([...(byType.get('defenderMsspAppApi') ?? [])]).toEqual([
			'defender-mssp-app (Defender MSSP App)',
		]);
	});

	describe.each(files)('%s', (file) => {
		const text = readFileSync(join(EXAMPLES, file), 'utf8');
		const wf = JSON.parse(text) as Workflow;
		const byName = new Map(wf.nodes.map((n) => [n.name, n]));

		// The e2e tests and the demo import every example by id (`n8n execute --id`, publish).
		it('has an id, a name, nodes with unique names and ids', () => {
			expect(wf.id).toMatch(/^[A-Za-z0-9-]{1,36}$/);
			expect(wf.name.length).toBeGreaterThan(0);
			expect(byName.size).toBe(wf.nodes.length);
			const ids = wf.nodes.map((n) => n.id);
			expect(ids.every((id) => typeof id === 'string' && id.length > 0)).toBe(true);
			expect(new Set(ids).size).toBe(ids.length);
			for (const n of wf.nodes) {
				expect(n.position).toHaveLength(2);
				expect(typeof n.typeVersion).toBe('number');
			}
		});

		it('connects only existing nodes, and every working node is reachable from a trigger', () => {
			const problems: string[] = [];
			const next = new Map<string, string[]>();
			for (const [from, outputs] of Object.entries(wf.connections)) {
				if (!byName.has(from)) problems.push(`connection from unknown node "${from}"`);
				for (const targets of Object.values(outputs).flat()) {
					for (const t of targets ?? []) {
						if (!byName.has(t.node)) problems.push(`${from} → unknown node "${t.node}"`);
						next.set(from, [...(next.get(from) ?? []), t.node]);
					}
				}
			}
			expect(problems).toEqual([]);
			const triggers = wf.nodes.filter(
				(n) => isN8nTrigger(n.type) || nodeTypes.get(n.type)?.polling === true,
			);
			expect(triggers.length).toBeGreaterThan(0);
			const seen = new Set<string>();
			const queue = triggers.map((t) => t.name);
			while (queue.length > 0) {
				const name = queue.shift() as string;
				if (seen.has(name)) continue;
				seen.add(name);
				queue.push(...(next.get(name) ?? []));
			}
			const unreachable = wf.nodes
				.filter((n) => n.type !== 'n8n-nodes-base.stickyNote' && !seen.has(n.name))
				.map((n) => n.name);
			expect(unreachable).toEqual([]);
		});

		it("uses only this package's nodes, parameters, option values and credentials", () => {
			const problems: string[] = [];
			for (const n of wf.nodes) {
				if (n.type.startsWith(`${PACKAGE}.`)) {
					const desc = nodeTypes.get(n.type);
					if (!desc) {
						problems.push(`${n.name}: ${n.type} is not a node of this package`);
						continue;
					}
					const versions = Array.isArray(desc.version) ? desc.version : [desc.version];
					if (!versions.includes(n.typeVersion))
						problems.push(`${n.name}: typeVersion ${n.typeVersion}`);
					const params = { ...n.parameters };
					if (desc.polling) for (const p of POLLING_PARAMETERS) delete params[p];
					problems.push(...checkParameters(params, desc.properties, n.name, true));
					const declared = (desc.credentials ?? []).filter((c) =>
						visible(c as unknown as INodeProperties, n.parameters, desc.properties),
					);
					for (const type of Object.keys(n.credentials ?? {})) {
						if (!declared.some((c) => c.name === type)) {
							problems.push(`${n.name}: credential ${type} is not used with these parameters`);
						}
					}
					if (declared.some((c) => c.required) && Object.keys(n.credentials ?? {}).length === 0) {
						problems.push(`${n.name}: needs a credential`);
					}
				}
				for (const type of Object.keys(n.credentials ?? {})) {
					if (!credentialTypes.has(type) && !N8N_CREDENTIALS.has(type)) {
						problems.push(`${n.name}: unknown credential type ${type}`);
					}
				}
			}
			expect(problems).toEqual([]);
		});
	});
});
