/**
 * Postgres and Redis for a queue-mode suite: each suite starts its own pair on free loopback ports
 * with data directories under the temp folder, and `stop()` ends both and removes the folders (no
 * process left behind: each runs in its own process group). The binaries come from Debian's
 * packages, installed by test/e2e/services-setup.sh, which writes `<cache>/queue-services.json`.
 *
 * Postgres refuses to run as root: as root, initdb and postgres run as the `postgres` system user
 * (runuser) on a data directory it owns. Authentication is `trust` on 127.0.0.1 only: the server
 * exists for one suite and listens on loopback.
 */
import { ChildProcess, execFileSync, spawn } from 'node:child_process';
import {
	chownSync,
	existsSync,
	mkdtempSync,
	openSync,
	closeSync,
	readFileSync,
	rmSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { cacheDir, freePort, groupMembers, sleep, tail } from './processes';

interface ServiceBinaries {
	pgBin: string;
	psql: string;
	redisServer: string;
}

export interface QueueServices {
	readonly postgres: { host: '127.0.0.1'; port: number; user: 'postgres'; database: string };
	readonly redis: { host: '127.0.0.1'; port: number };
	/** Runs SQL with psql against the suite's database; returns the unaligned, tab-separated rows. */
	sql(query: string, database?: string): string;
	/** Pids of both servers' groups still alive (empty after `stop()`). */
	processes(): number[];
	/** Resident memory (kB) of Postgres (all its backends) and Redis, for the figures. */
	rssKb(): { postgres: number; redis: number };
	stop(): Promise<void>;
}

function binaries(): ServiceBinaries {
	const file = join(cacheDir(), 'queue-services.json');
	if (!existsSync(file)) {
		throw new Error(`${file} is missing: run \`bash test/e2e/services-setup.sh\` first`);
	}
	return JSON.parse(readFileSync(file, 'utf8')) as ServiceBinaries;
}

const asRoot = () => process.getuid?.() === 0;

/** argv that runs `command` as the postgres user when we are root, else as ourselves. */
function asPostgres(command: string, args: string[]): [string, string[]] {
	return asRoot() ? ['runuser', ['-u', 'postgres', '--', command, ...args]] : [command, args];
}

function spawnLogged(argv: [string, string[]], logFile: string): ChildProcess {
	const fd = openSync(logFile, 'a');
	try {
		return spawn(argv[0], argv[1], { detached: true, stdio: ['ignore', fd, fd] });
	} finally {
		closeSync(fd);
	}
}

async function stopGroup(pgid: number, signal: NodeJS.Signals, graceMs = 20_000): Promise<void> {
	const send = (s: NodeJS.Signals) => {
		try {
			process.kill(-pgid, s);
		} catch {
			// ESRCH: already gone.
		}
	};
	send(signal);
	const deadline = Date.now() + graceMs;
	while (groupMembers(pgid).length > 0) {
		if (Date.now() > deadline) send('SIGKILL');
		await sleep(100);
	}
}

async function waitFor(what: string, ready: () => boolean, log: string, timeoutMs = 60_000) {
	const deadline = Date.now() + timeoutMs;
	while (!ready()) {
		if (Date.now() > deadline) throw new Error(`${what} did not start in time\n${tail(log)}`);
		await sleep(200);
	}
}

/** Starts a fresh Postgres cluster and a Redis server for one suite. */
export async function startQueueServices(database = 'n8n'): Promise<QueueServices> {
	const bin = binaries();
	const root = mkdtempSync(join(tmpdir(), 'n8n-queue-'));
	const pgData = join(root, 'pg');
	const log = join(root, 'services.log');
	// initdb needs an empty directory its user owns; the parent must let that user in.
	execFileSync('mkdir', ['-m', '0700', pgData]);
	if (asRoot()) {
		chownSync(pgData, Number(execFileSync('id', ['-u', 'postgres'], { encoding: 'utf8' })), 0);
		execFileSync('chmod', ['0755', root]);
	}
	const [initCmd, initArgs] = asPostgres(join(bin.pgBin, 'initdb'), [
		'-D',
		pgData,
		'-U',
		'postgres',
		'--auth=trust',
		'--encoding=UTF8',
		'--no-sync',
	]);
	execFileSync(initCmd, initArgs, { stdio: ['ignore', 'ignore', 'pipe'] });
	const pgPort = await freePort();
	const postgres = spawnLogged(
		asPostgres(join(bin.pgBin, 'postgres'), [
			'-D',
			pgData,
			'-p',
			String(pgPort),
			'-h',
			'127.0.0.1',
			'-k',
			pgData,
			// A test database: durability across a machine crash is not what the suites test.
			'-c',
			'fsync=off',
			'-c',
			'synchronous_commit=off',
			'-c',
			'full_page_writes=off',
		]),
		log,
	);
	const redisPort = await freePort();
	const redisDir = join(root, 'redis');
	execFileSync('mkdir', [redisDir]);
	const redis = spawnLogged(
		[
			bin.redisServer,
			[
				'--port',
				String(redisPort),
				'--bind',
				'127.0.0.1',
				'--dir',
				redisDir,
				'--save',
				'',
				'--appendonly',
				'no',
			],
		],
		log,
	);
	const pgids = [postgres.pid as number, redis.pid as number];

	const psql = (query: string, db: string) =>
		execFileSync(bin.psql, ['-h', '127.0.0.1', '-p', String(pgPort), '-U', 'postgres', '-d', db], {
			input: query,
			encoding: 'utf8',
			env: { ...process.env, PGCONNECT_TIMEOUT: '5' },
		});
	const psqlRows = (query: string, db: string) =>
		execFileSync(
			bin.psql,
			[
				'-h',
				'127.0.0.1',
				'-p',
				String(pgPort),
				'-U',
				'postgres',
				'-d',
				db,
				'-XAtF',
				'\t',
				'-c',
				query,
			],
			{ encoding: 'utf8' },
		).trimEnd();
	const pgReady = () => {
		try {
			psqlRows('SELECT 1', 'postgres');
			return true;
		} catch {
			return false;
		}
	};
	const stop = async () => {
		// SIGINT = Postgres' fast shutdown (ends sessions, checkpoints); Redis stops on SIGTERM.
		await Promise.all([stopGroup(pgids[0], 'SIGINT'), stopGroup(pgids[1], 'SIGTERM')]);
		rmSync(root, { recursive: true, force: true });
	};
	try {
		await waitFor('Postgres', pgReady, log);
		await waitFor(
			'Redis',
			() => readFileSync(log, 'utf8').includes('Ready to accept connections'),
			log,
		);
		psql(`CREATE DATABASE ${database};`, 'postgres');
	} catch (error) {
		await stop();
		throw error;
	}

	const rssOf = (pgid: number) =>
		groupMembers(pgid).reduce((kb, pid) => {
			try {
				const m = /VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
				return kb + Number(m?.[1] ?? 0);
			} catch {
				return kb;
			}
		}, 0);

	return {
		postgres: { host: '127.0.0.1', port: pgPort, user: 'postgres', database },
		redis: { host: '127.0.0.1', port: redisPort },
		sql: (query, db = database) => psqlRows(query, db),
		processes: () => pgids.flatMap((g) => groupMembers(g)),
		rssKb: () => ({ postgres: rssOf(pgids[0]), redis: rssOf(pgids[1]) }),
		stop,
	};
}
