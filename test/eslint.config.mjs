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
	{
		// The sandbox stands for Microsoft: what it knows comes from Microsoft's docs, never from the
		// product under test, or a wrong enum or limit would pass every test. Types only.
		files: ['**/test/sandbox/**/*.ts', 'sandbox/**/*.ts'],
		rules: {
			'@typescript-eslint/no-restricted-imports': [
				'error',
				{
					patterns: [
						{
							group: ['**/nodes/**', '**/credentials/**'],
							allowTypeImports: true,
							message:
								"The sandbox may import only types from the product; transcribe values from Microsoft's docs instead.",
						},
					],
				},
			],
		},
	},
);
