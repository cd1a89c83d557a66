import path from 'node:path';

/**
 * n8n-core's own copies of `@n8n/di` and `@n8n/backend-common`. npm may hoist a different
 * version of these to the top level (here `@n8n/node-cli` pulls @n8n/di 0.16 while n8n-core
 * nests 0.17), and a DI container is per copy: registering services in the wrong one silently
 * leaves n8n-core on its defaults (real Logger, real InstanceSettings writing ~/.n8n).
 * Resolving from n8n-core's directory through the test runtime's `require` hits the exact
 * module instances n8n-core uses, whatever the install layout.
 */
const coreDir = path.dirname(require.resolve('n8n-core/package.json'));

function fromCore<T>(id: string): T {
	// eslint-disable-next-line @typescript-eslint/no-require-imports
	return require(require.resolve(id, { paths: [coreDir] })) as T;
}

export const { Container } = fromCore<typeof import('@n8n/di')>('@n8n/di');
export const { Logger } = fromCore<typeof import('@n8n/backend-common')>('@n8n/backend-common');

/**
 * lodash as n8n's server uses it for durable poll cursors (trigger-execution-context.factory.js:
 * `cloneDeep` of the stored cursor, `isEqual` against the seed). Resolved from n8n-core's
 * directory like the modules above, so no devDependency of its own.
 */
export const cloneDeep = fromCore<<T>(value: T) => T>('lodash/cloneDeep');
export const isEqual = fromCore<(a: unknown, b: unknown) => boolean>('lodash/isEqual');
