/**
 * Installs an `npm pack` tarball into an n8n user folder as a community package
 * (`<userFolder>/.n8n/nodes/node_modules/<name>`), as n8n's own installer lays it out.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync } from 'node:fs';
import { join } from 'node:path';

export function installTarball(tarball: string, userFolder: string): string {
	const nodesDir = join(userFolder, '.n8n', 'nodes');
	const staging = mkdtempSync(join(userFolder, 'pkg-'));
	execFileSync('tar', ['-xzf', tarball, '-C', staging]);
	const pkgDir = join(staging, 'package');
	const pkg = JSON.parse(readFileSync(join(pkgDir, 'package.json'), 'utf8')) as {
		name: string;
		dependencies?: Record<string, string>;
	};
	const target = join(nodesDir, 'node_modules', pkg.name);
	mkdirSync(join(target, '..'), { recursive: true });
	renameSync(pkgDir, target);
	rmSync(staging, { recursive: true, force: true });
	// n8n-workflow is a peer that n8n itself provides; only real runtime dependencies are fetched.
	if (Object.keys(pkg.dependencies ?? {}).length > 0) {
		execFileSync(
			'npm',
			[
				'install',
				'--omit=dev',
				'--omit=peer',
				'--no-save',
				'--no-package-lock',
				'--ignore-scripts',
			],
			{
				cwd: target,
				stdio: 'inherit',
			},
		);
	}
	return pkg.name;
}
