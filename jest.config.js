/**
 * One jest run covers unit and contract tests (everything under test/ named *.test.ts) except the
 * suites that need a real n8n or a browser: those have their own scripts (see package.json).
 * @type {import('jest').Config}
 */
module.exports = {
	preset: 'ts-jest',
	testEnvironment: 'node',
	roots: ['<rootDir>/test'],
	testMatch: ['**/*.test.ts'],
	testPathIgnorePatterns: ['/node_modules/', '/test/e2e/', '/test/browser/'],
	transform: {
		'^.+\\.ts$': ['ts-jest', { tsconfig: '<rootDir>/test/tsconfig.json' }],
	},
	testTimeout: 60000,
	// Jest's default on two cores is one worker; most suites wait on loopback servers and timers, and
	// two workers ran all of them in 6.6 min on an idle two-core machine (2026-11-22).
	maxWorkers: 2,
};
