/**
 * The release workflow (.github/workflows/publish.yml) cannot run here; this checks what n8n's
 * verification needs from it: a version tag starts it, the suites and n8n's scanner pass before
 * anything is published, and the publish carries npm provenance (id-token: write).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';

import { ROOT } from './freshBuild';

interface Step {
	name?: string;
	uses?: string;
	run?: string;
	with?: Record<string, unknown>;
	env?: Record<string, unknown>;
}

interface Job {
	'runs-on': string;
	needs?: string | string[];
	permissions?: Record<string, string>;
	steps: Step[];
}

interface Workflow {
	on: { push?: { tags?: string[]; branches?: unknown } } & Record<string, unknown>;
	permissions?: Record<string, string>;
	jobs: Record<string, Job>;
}

const text = readFileSync(join(ROOT, '.github', 'workflows', 'publish.yml'), 'utf8');
const workflow = parse(text) as Workflow;
const jobs = Object.entries(workflow.jobs);
const [publishName, publish] =
	jobs.find(([, job]) => job.steps.some((s) => /\bnpm publish\b/.test(s.run ?? ''))) ?? [];

/** Index of the first step of `job` whose run command matches. */
function stepIndex(job: Job, command: RegExp): number {
	return job.steps.findIndex((s) => command.test(s.run ?? ''));
}

/** `job` and every job it needs, transitively. */
function withNeeds(name: string): Job[] {
	const job = workflow.jobs[name];
	const needs = job.needs === undefined ? [] : ([] as string[]).concat(job.needs);
	return [job, ...needs.flatMap(withNeeds)];
}

describe('publish workflow', () => {
	test('is valid YAML started only by a version tag push', () => {
		expect(Object.keys(workflow.on)).toEqual(['push']);
		expect(workflow.on.push?.branches).toBeUndefined();
		expect(workflow.on.push?.tags?.length).toBeGreaterThan(0);
		for (const pattern of workflow.on.push?.tags ?? []) expect(pattern).toMatch(/\*\.\*\.\*$/);
	});

	test('publishes with provenance and public access, from a job allowed to mint an id token', () => {
		expect(publish).toBeDefined();
		const job = publish as Job;
		const run = job.steps[stepIndex(job, /\bnpm publish\b/)].run ?? '';
		expect(run).toMatch(/--provenance\b/);
		expect(run).toMatch(/--access public\b/);
		expect(job.permissions).toEqual({ 'id-token': 'write', contents: 'read' });
		expect(workflow.permissions).toEqual({ contents: 'read' });
	});

	test('sets up Node 24 for the npm registry and installs with npm ci before publishing', () => {
		const job = publish as Job;
		const setup = job.steps.findIndex((s) => s.uses?.startsWith('actions/setup-node@'));
		expect(setup).toBeGreaterThanOrEqual(0);
		expect(String(job.steps[setup].with?.['node-version'])).toBe('24');
		expect(job.steps[setup].with?.['registry-url']).toBe('https://registry.npmjs.org');
		const install = stepIndex(job, /^npm ci$/m);
		expect(install).toBeGreaterThan(setup);
		expect(install).toBeLessThan(stepIndex(job, /\bnpm publish\b/));
	});

	test("lint with n8n's scanner and npm test pass before the publish", () => {
		const job = publish as Job;
		const publishAt = stepIndex(job, /\bnpm publish\b/);
		const lintAt = stepIndex(job, /^npm run lint$/m);
		expect(lintAt).toBeGreaterThanOrEqual(0);
		expect(lintAt).toBeLessThan(publishAt);
		expect(stepIndex(job, /^npm run build$/m)).toBeLessThan(publishAt);
		// npm test runs in a job the publish job needs, so a failing suite stops the release.
		const before = withNeeds(publishName as string).slice(1);
		expect(before.some((j) => stepIndex(j, /^npm test$/m) >= 0)).toBe(true);
		// npm run lint is what runs the scanner.
		const manifest = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8'));
		expect(manifest.scripts.lint).toBe('bash test/scripts/lint.sh');
		expect(readFileSync(join(ROOT, 'test', 'scripts', 'lint.sh'), 'utf8')).toMatch(
			/scan-package\.mjs"? --pack/,
		);
	});

	test('every action is pinned to a version', () => {
		const uses = jobs.flatMap(([, job]) =>
			job.steps.map((s) => s.uses).filter((u): u is string => !!u),
		);
		expect(uses.length).toBeGreaterThan(0);
		for (const action of uses) expect(action).toMatch(/^[\w.-]+\/[\w.-]+@v?\d/);
	});
});
