import vm from 'node:vm';
import { setSafeRegexEngine, type RegexEngine } from 'n8n-workflow';

/**
 * n8n-workflow runs user-facing regular expressions (resource-locator validation, `extractValue`)
 * in a `vm` with a 250 ms timeout, to stop ReDoS on a shared server. On a 2-core CI machine that
 * is busy compiling tests, a harmless pattern can miss that deadline and fail a contract test for
 * a reason that has nothing to do with the node. The harness keeps the same engine (same vm, same
 * semantics, still a timeout) with a deadline that CPU starvation cannot reach; ReDoS itself is
 * not what these tests measure.
 */
const PATIENT_TIMEOUT_MS = 10_000;

export function usePatientRegexEngine(): void {
	const context: Record<string, unknown> = {
		flags: '',
		input: '',
		pattern: '',
		replacement: '',
		result: undefined,
	};
	const vmContext = vm.createContext(context);
	const script = (code: string) => new vm.Script(code);
	const scripts = {
		exec: script('result = new RegExp(pattern, flags).exec(input)'),
		test: script('result = new RegExp(pattern, flags).test(input)'),
		replace: script('result = input.replace(new RegExp(pattern, flags), replacement)'),
		matchAll: script('result = Array.from(input.matchAll(new RegExp(pattern, flags)))'),
		split: script('result = input.split(new RegExp(pattern, flags))'),
	};
	const run = <T>(which: keyof typeof scripts, values: Record<string, unknown>): T => {
		Object.assign(context, { flags: '', replacement: '', result: undefined }, values);
		scripts[which].runInContext(vmContext, { timeout: PATIENT_TIMEOUT_MS });
		return context.result as T;
	};
	const global = (flags?: string) => (flags?.includes('g') ? flags : `${flags ?? ''}g`);
	const engine: RegexEngine = {
		exec: (pattern, input, flags) => run('exec', { pattern, input, flags: flags ?? '' }),
		test: (pattern, input, flags) => run('test', { pattern, input, flags: flags ?? '' }),
		replace: (pattern, input, flags, replacement) =>
			run('replace', { pattern, input, flags: flags ?? '', replacement }),
		matchAll: (pattern, input, flags) => run('matchAll', { pattern, input, flags: global(flags) }),
		split: (pattern, input, flags) => run('split', { pattern, input, flags: flags ?? '' }),
	};
	setSafeRegexEngine(engine);
}
