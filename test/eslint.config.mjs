// Lint for test code, harnesses and test servers: TypeScript-aware rules without n8n's cloud
// allowlist (tests legitimately start servers, use timers and read the environment).
// The toolchain is the one @n8n/node-cli ships (its typescript-eslint), so both lints agree.
import { createRequire } from 'node:module';

const fromNodeCli = createRequire(
	new URL('../node_modules/@n8n/node-cli/package.json', import.meta.url),
);
const js = fromNodeCli('@eslint/js');
const tseslint = fromNodeCli('typescript-eslint');

export default tseslint.config(
	{ ignores: ['**/.out/**', '**/golden/**'] },
	{
		files: ['**/*.ts'],
		extends: [js.configs.recommended, tseslint.configs.recommended],
		rules: {
			'@typescript-eslint/no-unused-vars': [
				'error',
				{ argsIgnorePattern: '^_', varsIgnorePattern: '^_', destructuredArrayIgnorePattern: '^_' },
			],
		},
	},
);
