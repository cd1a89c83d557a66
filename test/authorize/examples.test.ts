/**
 * The onboarding example workflow is valid n8n JSON for this package: unique node ids and names,
 * connections between existing nodes, our node types with parameters they define and every
 * required (displayed) parameter set, credentials referenced by name, and the step order.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { IDataObject, INodeProperties, INodeTypeDescription } from 'n8n-workflow';

import { DefenderAuthorizeApplication } from '../../nodes/DefenderAuthorizeApplication/DefenderAuthorizeApplication.node';

interface WorkflowNode {
	id: string;
	name: string;
	type: string;
	typeVersion: number;
	position: [number, number];
	onError?: string;
	parameters: Record<string, unknown>;
	credentials?: Record<string, { id?: string; name: string }>;
}
interface Workflow {
	nodes: WorkflowNode[];
	connections: Record<
		string,
		{ main: Array<Array<{ node: string; type: string; index: number }>> }
	>;
}

const workflow = JSON.parse(
	readFileSync(join(__dirname, '../../examples/customer-onboarding.json'), 'utf8'),
) as Workflow;
const PACKAGE = 'n8n-nodes-defender-mssp';
const ours: Record<string, INodeTypeDescription> = {
	defenderAuthorizeApplication: new DefenderAuthorizeApplication().description,
};

/** Whether `property` is shown for `parameters` (n8n's `show` rules; values or defaults). */
function shown(
	property: INodeProperties,
	parameters: Record<string, unknown>,
	all: INodeProperties[],
): boolean {
	const show = property.displayOptions?.show ?? {};
	return Object.entries(show).every(([name, allowed]) => {
		const value = name in parameters ? parameters[name] : all.find((p) => p.name === name)?.default;
		return (allowed as unknown[]).includes(value);
	});
}

const byName = new Map(workflow.nodes.map((n) => [n.name, n]));
const next = (name: string) => (workflow.connections[name]?.main ?? []).flat().map((c) => c.node);

describe('examples/customer-onboarding.json', () => {
	it('has unique ids and names, positions and type versions', () => {
		expect(new Set(workflow.nodes.map((n) => n.id)).size).toBe(workflow.nodes.length);
		expect(byName.size).toBe(workflow.nodes.length);
		for (const node of workflow.nodes) {
			expect(node.position).toEqual([expect.any(Number), expect.any(Number)]);
			expect(node.typeVersion).toBeGreaterThan(0);
			expect(node.type).toMatch(/^(n8n-nodes-base|n8n-nodes-defender-mssp)\.[a-zA-Z]+$/);
		}
	});

	it('connects only existing nodes, through main outputs', () => {
		for (const [from, outputs] of Object.entries(workflow.connections)) {
			expect(byName.has(from)).toBe(true);
			for (const target of outputs.main.flat()) {
				expect(byName.has(target.node)).toBe(true);
				expect(target.type).toBe('main');
			}
		}
	});

	it("uses this package's node types with defined parameters, required ones set, credentials by name", () => {
		const mine = workflow.nodes.filter((n) => n.type.startsWith(`${PACKAGE}.`));
		expect(mine.length).toBeGreaterThanOrEqual(3);
		for (const node of mine) {
			const description = ours[node.type.slice(PACKAGE.length + 1)];
			expect(description).toBeDefined();
			expect(description.version).toBe(node.typeVersion);
			const all = description.properties;
			const visible = all.filter((p) => shown(p, node.parameters, all));
			for (const name of Object.keys(node.parameters)) {
				expect(visible.map((p) => p.name)).toContain(name);
			}
			for (const property of visible.filter((p) => p.required)) {
				const value = node.parameters[property.name] ?? property.default;
				expect([property.name, value]).not.toEqual([property.name, '']);
			}
			const operation = all.find((p) => p.name === 'operation');
			expect(operation?.options?.map((o) => (o as { value: string }).value)).toContain(
				node.parameters.operation,
			);
			expect(node.credentials?.defenderMsspAppApi?.name).toEqual(expect.any(String));
		}
	});

	it('follows the issue: form → link → email; webhook → complete → verify → notify; sticky notes explain', () => {
		const op = (name: string) => byName.get(name)?.parameters.operation;
		const form = workflow.nodes.find((n) => n.type === 'n8n-nodes-base.formTrigger');
		const hook = workflow.nodes.find((n) => n.type === 'n8n-nodes-base.webhook');
		expect(form && hook).toBeTruthy();
		const [link] = next(form!.name);
		expect(op(link)).toBe('createConsentLink');
		expect(byName.get(next(link)[0])?.type).toBe('n8n-nodes-base.emailSend');
		const [complete] = next(hook!.name);
		expect(op(complete)).toBe('completeConsent');
		const reachable = new Set<string>();
		const walk = (name: string) =>
			next(name).forEach((n) => !reachable.has(n) && (reachable.add(n), walk(n)));
		walk(complete);
		const verify = [...reachable].find((n) => op(n) === 'verifyAccess');
		expect(verify).toBeDefined();
		expect(next(verify!).map((n) => byName.get(n)?.type)).toContain('n8n-nodes-base.emailSend');
		const redirect = byName.get(link)?.parameters.redirectUri as string;
		expect(new URL(redirect).pathname).toBe(`/webhook/${hook!.parameters.path as string}`);
		expect(
			workflow.nodes.filter((n) => n.type === 'n8n-nodes-base.stickyNote').length,
		).toBeGreaterThanOrEqual(2);
	});

	describe('the consent redirect', () => {
		const complete = workflow.nodes.find((n) => n.parameters.operation === 'completeConsent')!;
		const [answerName] = next(complete.name);
		const answer = byName.get(answerName)!;
		/** The JavaScript of an `={{ … }}` parameter, run with the given `$json` and `$('…')` items. */
		const evaluate = (expression: unknown, json: IDataObject, named: IDataObject = json) =>
			new Function('$json', '$', `return (${String(expression).replace(/^=\{\{|\}\}$/g, '')});`)(
				json,
				() => ({ item: { json: named } }),
			) as unknown;
		const rejected = {
			error: 'Consent redirect rejected: replayed state',
			description: 'This consent link was already completed by an earlier execution…',
		};

		it('a rejected redirect (a reload, an old link) still reaches the Respond to Webhook node', () => {
			const hook = workflow.nodes.find((n) => n.type === 'n8n-nodes-base.webhook')!;
			expect(hook.parameters.responseMode).toBe('responseNode');
			// Without it n8n stops at the error and the browser shows its raw "Error in workflow".
			expect(complete.onError).toBe('continueRegularOutput');
			expect(answer.type).toBe('n8n-nodes-base.respondToWebhook');
		});

		it('the administrator reads a plain sentence for every outcome', () => {
			const page = (json: IDataObject) => String(evaluate(answer.parameters.responseBody, json));
			expect(page(rejected)).toMatch(/already used or is no longer valid.*close this window/);
			expect(page({ outcome: 'consented', consented: true })).toMatch(/consent was recorded/);
			expect(page({ outcome: 'pendingVerification', consented: false })).toMatch(
				/still applying the consent/,
			);
			expect(page({ outcome: 'refused', consented: false, reason: 'Declined.' })).toMatch(
				/not completed: Declined\. Your MSSP/,
			);
			for (const json of [rejected, { outcome: 'pendingVerification' }])
				expect(page(json)).not.toMatch(/undefined|Error/);
		});

		it('the outcome picks the next step: verify now, verify after a wait, report a refusal, or stop', () => {
			const [switchName] = next(answerName);
			const outcome = byName.get(switchName)!;
			type Rule = { conditions: { conditions: Array<{ leftValue: string; rightValue: string }> } };
			const rules = (outcome.parameters.rules as { values: Rule[] }).values;
			const targets = workflow.connections[switchName].main.map((out) => out.map((c) => c.node));
			const route = (json: IDataObject) => {
				const index = rules.findIndex(({ conditions }) =>
					conditions.conditions.every((c) => evaluate(c.leftValue, {}, json) === c.rightValue),
				);
				return index === -1 ? [] : targets[index];
			};
			const verify = (names: string[]) => names.map((n) => byName.get(n)?.parameters.operation);
			expect(verify(route({ outcome: 'consented' }))).toEqual(['verifyAccess']);
			const [wait] = route({ outcome: 'pendingVerification' });
			expect(byName.get(wait)?.type).toBe('n8n-nodes-base.wait');
			expect(verify(next(wait))).toEqual(['verifyAccess']);
			expect(
				route({ outcome: 'refused', repeated: false }).map((n) => byName.get(n)?.type),
			).toEqual(['n8n-nodes-base.emailSend']);
			// A reload, or anyone holding the link sending the same refusal again, mails nobody.
			expect(route({ outcome: 'refused', repeated: true })).toEqual([]);
			expect(route(rejected)).toEqual([]);
		});

		it('the refusal mail says what the redirect reports, not that the administrator declined', () => {
			const [switchName] = next(answerName);
			const [, , [mailName]] = workflow.connections[switchName].main.map((out) =>
				out.map((c) => c.node),
			);
			const mail = byName.get(mailName)!.parameters;
			const refusal = {
				tenantId: 'T',
				outcome: 'refused',
				repeated: false,
				reason: 'The consent redirect reports that the administrator of tenant T declined.',
				whatToDo: 'Talk to them.',
				code: 'AADSTS65004',
			};
			/** An `=text {{ … }} text` parameter as n8n renders it for the given `$('…')` item. */
			const render = (template: unknown) =>
				String(template)
					.slice(1)
					.replace(/\{\{(.*?)\}\}/g, (_, js: string) =>
						String(evaluate(`={{${js}}}`, {}, refusal)),
					);
			const subject = render(mail.subject);
			const text = render(mail.text);
			expect(subject).toBe('Consent redirect reports a refusal: tenant T');
			expect(text).toMatch(/^Reason: The consent redirect reports that the administrator/);
			expect(text).toMatch(/not signed by Microsoft.*confirm with the customer's administrator/);
		});
	});
});
