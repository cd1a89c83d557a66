/**
 * Low-level helpers for the n8n host: where setup.sh put the binaries, free loopback ports, child
 * processes in their own process group (so that stopping n8n also stops its task runner), and
 * log files whose tail is printed when something fails.
 */
import { execFileSync, spawn, ChildProcess } from 'node:child_process';
import {
	appendFileSync,
	existsSync,
	openSync,
	readdirSync,
	readFileSync,
	closeSync,
	rmSync,
} from 'node:fs';
import { createServer } from 'node:net';
import { homedir } from 'node:os';
import { join } from 'node:path';

export interface HostPaths {
	nodeVersion: string;
	n8nVersion: string;
	nodeBin: string;
	n8nBin: string;
	hostDir: string;
}

export function cacheDir(): string {
	return process.env.DEFENDER_MSSP_CACHE || join(homedir(), '.cache', 'n8n-nodes-defender-mssp');
}

/** Reads `<cache>/e2e-host.json`, written by test/e2e/setup.sh once the cache is complete. */
export function hostPaths(): HostPaths {
	const file = join(cacheDir(), 'e2e-host.json');
	if (!existsSync(file))
		throw new Error(`${file} is missing: run \`bash test/e2e/setup.sh\` first`);
	const paths = JSON.parse(readFileSync(file, 'utf8')) as HostPaths;
	for (const p of [paths.nodeBin, paths.n8nBin]) {
		if (!existsSync(p)) throw new Error(`${p} is missing: run \`bash test/e2e/setup.sh\` again`);
	}
	return paths;
}

export function freePort(): Promise<number> {
	return new Promise((resolve, reject) => {
		const srv = createServer();
		srv.once('error', reject);
		srv.listen(0, '127.0.0.1', () => {
			const { port } = srv.address() as { port: number };
			srv.close(() => resolve(port));
		});
	});
}

export function tail(file: string, lines = 50): string {
	if (!existsSync(file)) return `(no log file ${file})`;
	return readFileSync(file, 'utf8')
		.split('\n')
		.slice(-lines - 1)
		.join('\n');
}

export function sleep(ms: number): Promise<void> {
	return new Promise((r) => setTimeout(r, ms));
}

/** Pids whose process group is `pgid` (read from /proc, so it also sees grandchildren). */
export function groupMembers(pgid: number): number[] {
	const pids: number[] = [];
	for (const entry of readdirSync('/proc')) {
		if (!/^\d+$/.test(entry)) continue;
		try {
			// Field 5 of /proc/<pid>/stat is the pgid; the command name (field 2) may contain spaces.
			const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
			const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
			if (Number(fields[2]) === pgid && fields[0] !== 'Z') pids.push(Number(entry));
		} catch {
			// The process exited while we were reading.
		}
	}
	return pids;
}

/**
 * Whether `pid` is still running. A zombie (exited, not yet reaped by its parent — for the n8n
 * server that is this test process, which reaps on its next event-loop turn) counts as stopped,
 * as in `groupMembers`; `process.kill(pid, 0)` would call it alive.
 */
export function isRunning(pid: number): boolean {
	try {
		const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
		return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3) !== 'Z';
	} catch {
		return false;
	}
}

/** SIGTERM the whole group, wait for it to empty, SIGKILL what is left after `graceMs`. */
export async function killGroup(pgid: number, graceMs = 15000): Promise<void> {
	const signal = (s: NodeJS.Signals) => {
		try {
			process.kill(-pgid, s);
		} catch {
			// ESRCH: the group is already gone.
		}
	};
	signal('SIGTERM');
	const deadline = Date.now() + graceMs;
	while (groupMembers(pgid).length > 0) {
		if (Date.now() > deadline) {
			signal('SIGKILL');
			await sleep(200);
			if (Date.now() > deadline + 5000) throw new Error(`process group ${pgid} survived SIGKILL`);
		}
		await sleep(100);
	}
}

export interface RunResult {
	code: number | null;
	stdout: string;
	stderr: string;
}

/**
 * Runs `node <n8n> <args>` in its own process group, stdout/stderr captured and appended to the
 * log file. A timeout kills the group, so a hung CLI cannot outlive the test.
 */
export function runCli(
	paths: HostPaths,
	args: string[],
	env: NodeJS.ProcessEnv,
	logFile: string,
	timeoutMs: number,
): Promise<RunResult> {
	appendFileSync(logFile, `\n$ n8n ${args.join(' ')}\n`);
	// stdout goes to a file, not a pipe: `n8n execute` prints the run JSON (megabytes) and exits;
	// through a pipe the tail of it was lost now and then (a 2.6 MB run cut mid-string).
	const stdoutFile = `${logFile}.stdout-${process.pid}-${Date.now()}`;
	const stdoutFd = openSync(stdoutFile, 'w');
	return new Promise((resolve, reject) => {
		const child = spawn(paths.nodeBin, [paths.n8nBin, ...args], {
			env,
			detached: true,
			stdio: ['ignore', stdoutFd, 'pipe'],
		});
		closeSync(stdoutFd);
		let stderr = '';
		const readStdout = () => {
			const text = readFileSync(stdoutFile, 'utf8');
			rmSync(stdoutFile, { force: true });
			return text;
		};
		child.stderr?.on('data', (d: Buffer) => (stderr += d.toString()));
		const timer = setTimeout(() => {
			void killGroup(child.pid as number, 2000);
			reject(
				new Error(
					`n8n ${args.join(' ')} timed out after ${timeoutMs} ms\n${readStdout()}\n${stderr}`,
				),
			);
		}, timeoutMs);
		child.on('error', reject);
		child.on('close', (code) => {
			clearTimeout(timer);
			const stdout = readStdout();
			appendFileSync(logFile, `${stdout}${stderr}[exit ${code}]\n`);
			resolve({ code, stdout, stderr });
		});
	});
}

/** Starts a long-running `node <n8n> <args>` with output going straight to the log file. */
export function spawnServer(
	paths: HostPaths,
	args: string[],
	env: NodeJS.ProcessEnv,
	logFile: string,
): ChildProcess {
	appendFileSync(logFile, `\n$ n8n ${args.join(' ')}\n`);
	const fd = openSync(logFile, 'a');
	try {
		return spawn(paths.nodeBin, [paths.n8nBin, ...args], {
			env,
			detached: true,
			stdio: ['ignore', fd, fd],
		});
	} finally {
		closeSync(fd);
	}
}

/** `npm pack` of a package folder into `destDir`; returns the tarball path. */
export function npmPack(packageDir: string, destDir: string): string {
	const out = execFileSync(
		'npm',
		['pack', '--json', '--ignore-scripts', '--pack-destination', destDir],
		{
			cwd: packageDir,
			encoding: 'utf8',
			stdio: ['ignore', 'pipe', 'ignore'],
		},
	);
	const [{ filename }] = JSON.parse(out) as Array<{ filename: string }>;
	return join(destDir, filename);
}

/** Pids whose environment contains one of `needles` (catches children that left the group). */
export function processesWithEnv(needles: string[]): number[] {
	const pids: number[] = [];
	for (const entry of readdirSync('/proc')) {
		if (!/^\d+$/.test(entry) || Number(entry) === process.pid) continue;
		try {
			const environ = readFileSync(`/proc/${entry}/environ`, 'utf8').split('\0');
			if (environ.some((kv) => needles.some((n) => kv.includes(n)))) pids.push(Number(entry));
		} catch {
			// Exited, or not ours to read.
		}
	}
	return pids;
}
