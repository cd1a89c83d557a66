/**
 * End-to-end suites: a real n8n (cached by test/e2e/setup.sh) plus real receivers. Kept out of the
 * unit run (jest.config.js ignores test/e2e/). Two suites at a time: each has its own n8n (own
 * folder, ports and database) and spends most of its time waiting for polls and mail, so two
 * overlap well even on two cores.
 * @type {import('jest').Config}
 */
module.exports = {
	rootDir: '../..',
	preset: 'ts-jest',
	testEnvironment: 'node',
	// The browser suites (test/browser/) drive the same kind of n8n with Debian's chromium.
	testMatch: ['<rootDir>/test/e2e/**/*.e2e.ts', '<rootDir>/test/browser/**/*.browser.ts'],
	transform: {
		'^.+\\.ts$': ['ts-jest', { tsconfig: '<rootDir>/test/tsconfig.json' }],
	},
	maxWorkers: 2,
	testSequencer: '<rootDir>/test/e2e/longestFirst.js',
	// Builds and packs the package once for every suite.
	globalSetup: '<rootDir>/test/e2e/globalSetup.ts',
	// beforeAll builds, packs, migrates a fresh database and starts n8n: over 5 minutes at load ~5.
	testTimeout: 600000,
	// dist/package.json (tsc copies package.json) would collide with the root one in jest's module map.
	modulePathIgnorePatterns: ['<rootDir>/dist/'],
	slowTestThreshold: 120,
};
