// Lint for test code, harnesses and test servers: TypeScript-aware rules without n8n's cloud
// allowlist (tests legitimately start servers, use timers and read the environment).
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
	{ ignores: ['**/.out/**', '**/golden/**'] },
	{
		files: ['**/*.ts'],
		extends: [js.configs.recommended, tseslint.configs.recommended],
		rules: {
			'@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
		},
	},
);
