/**
 * A fresh n8n user folder spends its first command on n8n's database migrations (21 s of a 35 s
 * `import:credentials` on an idle machine here, well over a minute under load), and every e2e
 * suite and the demo start from a fresh folder. So the migrations run once per n8n install, into
 * `<hostDir>/migrated-db/`, and each new user folder starts from a copy.
 *
 * Only the database files are copied, never the folder's settings file: that holds the instance's
 * encryption key, which each host sets by environment (n8n refuses a mismatch). A migrated,
 * never-started database holds no encrypted value (settings rows, the shell owner, its project),
 * so one copy serves any key.
 */
import { randomBytes } from 'node:crypto';
import {
	copyFileSync,
	existsSync,
	mkdirSync,
	readdirSync,
	renameSync,
	rmSync,
	writeFileSync,
} from 'node:fs';
import { join } from 'node:path';

import { HostPaths, runCli } from './processes';

const DATABASE_FILE = /^database\.sqlite(-wal|-shm)?$/;

function databaseFiles(n8nFolder: string): string[] {
	return existsSync(n8nFolder) ? readdirSync(n8nFolder).filter((f) => DATABASE_FILE.test(f)) : [];
}

/** Runs the migrations in a scratch folder and publishes the result atomically (rename). */
async function buildTemplate(
	paths: HostPaths,
	env: NodeJS.ProcessEnv,
	template: string,
): Promise<void> {
	const scratch = `${template}.building-${process.pid}-${randomBytes(3).toString('hex')}`;
	rmSync(scratch, { recursive: true, force: true });
	mkdirSync(scratch, { recursive: true });
	try {
		const emptyList = join(scratch, 'nothing.json');
		writeFileSync(emptyList, '[]');
		const log = join(scratch, 'migrate.log');
		const r = await runCli(
			paths,
			['import:credentials', `--input=${emptyList}`],
			{ ...env, N8N_USER_FOLDER: scratch, N8N_ENCRYPTION_KEY: randomBytes(24).toString('hex') },
			log,
			300_000,
		);
		if (r.code !== 0)
			throw new Error(`migrating a fresh n8n database failed (exit ${r.code}):\n${r.stderr}`);
		const migrated = join(scratch, '.n8n');
		const files = databaseFiles(migrated);
		if (!files.includes('database.sqlite')) throw new Error(`n8n left no database in ${migrated}`);
		const staged = `${scratch}/db`;
		mkdirSync(staged);
		for (const f of files) copyFileSync(join(migrated, f), join(staged, f));
		try {
			renameSync(staged, template);
		} catch (error) {
			// Another suite published its copy first: theirs is as good as ours.
			if (!existsSync(join(template, 'database.sqlite'))) throw error;
		}
	} finally {
		rmSync(scratch, { recursive: true, force: true });
	}
}

/**
 * Gives `n8nFolder` (a user folder's `.n8n`) an already-migrated database, unless it has one.
 * `env` is the host's environment (paths, ports); the template is built on first use.
 */
export async function seedMigratedDatabase(
	paths: HostPaths,
	env: NodeJS.ProcessEnv,
	n8nFolder: string,
): Promise<void> {
	if (databaseFiles(n8nFolder).length > 0) return;
	const template = join(paths.hostDir, `migrated-db-${paths.n8nVersion}`);
	if (!existsSync(join(template, 'database.sqlite'))) await buildTemplate(paths, env, template);
	mkdirSync(n8nFolder, { recursive: true });
	for (const f of databaseFiles(template)) copyFileSync(join(template, f), join(n8nFolder, f));
}
