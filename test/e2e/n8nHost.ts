/**
 * A real n8n (the version setup.sh cached) run headless for end-to-end tests: a private user
 * folder, this package installed as a community package, the CLI commands (import, execute,
 * publish) and the server (owner + API key, public API). Everything listens on 127.0.0.1 and
 * `stop()` leaves no process behind (the server runs in its own process group, task runner
 * included). Logs go to `<userFolder>/n8n.log`; failures print its last 50 lines.
 */
import { ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
	freePort,
	groupMembers,
	hostPaths,
	HostPaths,
	killGroup,
	processesWithEnv,
	runCli,
	sleep,
	spawnServer,
	tail,
} from './processes';
import { installTarball } from './communityPackage';
import { seedMigratedDatabase } from './migratedDatabase';
import type { N8nCredential, N8nWorkflow, WorkflowRun } from './n8nTypes';
import { QueueOptions, queueEnv, startWorkers, Workers } from './queueHost';
import { OwnerSession, setupOwner, createApiKey } from './restApi';

export type { N8nCredential, N8nNode, N8nWorkflow, NodeRun, WorkflowRun } from './n8nTypes';
export { nodeOutput } from './n8nTypes';

export interface StartN8nOptions {
	/** Created as a temp folder when omitted, removed by `stop({ keepFolder: false })`. */
	userFolder?: string;
	port?: number;
	/** Extra environment, e.g. NODE_EXTRA_CA_CERTS for a receiver's test CA. */
	env?: Record<string, string>;
	/**
	 * Which poll scheduler runs polling triggers (see N8N-POLLING.md). 'legacy' (n8n's default):
	 * in-memory crons. 'durable': the database-backed scheduler with durable poll cursors.
	 */
	scheduler?: 'legacy' | 'durable';
	/** `npm pack` output of this package, installed as a community package. */
	packageTarball?: string;
	cliTimeoutMs?: number;
	startTimeoutMs?: number;
	/**
	 * n8n's scaling mode (queueHost.ts): Postgres and Redis from `services`, `workers` n8n worker
	 * processes started and stopped with the main. No SQLite template: the main migrates Postgres.
	 */
	queue?: QueueOptions;
	/** The instance key; a second main on the same database must use the first one's. */
	encryptionKey?: string;
}

export interface N8nHost {
	readonly userFolder: string;
	readonly port: number;
	readonly baseUrl: string;
	readonly logFile: string;
	readonly paths: HostPaths;
	/** Name of the installed community package, if one was given. */
	readonly packageName?: string;
	importCredentials(credentials: N8nCredential[]): Promise<void>;
	importWorkflow(workflow: N8nWorkflow): Promise<void>;
	/** Several workflows with one CLI run (each n8n command boots n8n: ~15 s idle). */
	importWorkflows(workflows: N8nWorkflow[]): Promise<void>;
	/** `n8n execute --id <id> --rawOutput`; rejects (with the log) when the run fails. */
	execute(workflowId: string): Promise<WorkflowRun>;
	/** Takes effect at the next `start()`. */
	publishWorkflow(workflowId: string): Promise<void>;
	/**
	 * Activates (publishes) a workflow on the running server through the public API: no CLI boot,
	 * and a polling trigger polls at once, as on activation in the editor. Needs the API key.
	 */
	activateWorkflow(workflowId: string): Promise<void>;
	/** Unpublishes it on the running server (public API): its trigger stops polling. */
	deactivateWorkflow(workflowId: string): Promise<void>;
	/** Starts the server and waits until the editor (and /rest) is up. */
	start(): Promise<void>;
	/** First owner, login cookie, API key with every scope; returns the raw key. */
	setupOwnerAndApiKey(): Promise<string>;
	/** Public API (`/api/v1/...`) with the API key. */
	api<T>(path: string, init?: { method?: string; body?: unknown }): Promise<T>;
	executions(workflowId: string): Promise<Array<Record<string, unknown>>>;
	restart(): Promise<void>;
	/** Stops the server (if running) and removes the user folder unless `keepFolder`. */
	stop(options?: { keepFolder?: boolean }): Promise<void>;
	/** Pids of this host still alive: server group, or env naming its folder or broker port. */
	processes(): number[];
	/** The running server's main process (for measurements), if it runs. */
	serverPid(): number | undefined;
	readonly encryptionKey: string;
	/** Queue mode: the worker processes (started after the main on the first `start()`). */
	readonly workers?: Workers;
	/** Uses an API key made on another main of the same database (queue mode handover). */
	useApiKey(key: string): void;
	/** Stops the main only (workers keep running); `restart()` in queue mode restarts the main only. */
	stopMain(): Promise<void>;
	/** SIGKILL to the main's group: a crashed main, no graceful shutdown (queue mode handover). */
	killMain(): Promise<void>;
}

const READY_LINE = 'Editor is now accessible via';

/**
 * n8n 2.41's durable poll scheduler and cursors (@n8n/config scheduler.config.js, workflows.config
 * .js): all four must be on (durable-poller-chain.js), else polls stay on the in-memory crons.
 */
export const DURABLE_SCHEDULER_ENV: Record<string, string> = {
	N8N_SCHEDULER_ENABLED: 'true',
	N8N_SCHEDULER_POLL_TRIGGERS_ENABLED: 'true',
	N8N_POLLER_DURABLE_CURSORS_ENABLED: 'true',
	N8N_USE_WORKFLOW_PUBLICATION_SERVICE: 'true',
};

export async function startN8n(options: StartN8nOptions = {}): Promise<N8nHost> {
	const paths = hostPaths();
	const ownsFolder = !options.userFolder;
	const userFolder = options.userFolder ?? mkdtempSync(join(tmpdir(), 'n8n-e2e-'));
	mkdirSync(join(userFolder, '.n8n'), { recursive: true });
	const logFile = join(userFolder, 'n8n.log');
	writeFileSync(logFile, '');
	const port = options.port ?? (await freePort());
	const brokerPort = await freePort();
	const packageName = options.packageTarball
		? installTarball(options.packageTarball, userFolder)
		: undefined;
	const cliTimeoutMs = options.cliTimeoutMs ?? 120000;
	const encryptionKey = options.encryptionKey ?? randomBytes(24).toString('hex');
	const baseUrl = `http://127.0.0.1:${port}`;

	// The parent is jest: NODE_ENV=test would switch n8n into its own test mode, NODE_OPTIONS could
	// inject ts hooks. Start from the parent env minus those, then pin everything n8n reads.
	const { NODE_ENV: _env, NODE_OPTIONS: _opts, ...inherited } = process.env;
	const env: NodeJS.ProcessEnv = {
		...inherited,
		PATH: `${join(paths.nodeBin, '..')}:${process.env.PATH ?? ''}`,
		N8N_USER_FOLDER: userFolder,
		N8N_ENCRYPTION_KEY: encryptionKey,
		N8N_PORT: String(port),
		N8N_LISTEN_ADDRESS: '127.0.0.1',
		N8N_HOST: '127.0.0.1',
		// The task runner broker has a fixed default port (5679); parallel hosts would collide.
		N8N_RUNNERS_BROKER_PORT: String(brokerPort),
		// Its default listen address is all interfaces; tests stay on loopback.
		N8N_RUNNERS_BROKER_LISTEN_ADDRESS: '127.0.0.1',
		N8N_DIAGNOSTICS_ENABLED: 'false',
		N8N_PERSONALIZATION_ENABLED: 'false',
		N8N_VERSION_NOTIFICATIONS_ENABLED: 'false',
		N8N_TEMPLATES_ENABLED: 'false',
		N8N_HIRING_BANNER_ENABLED: 'false',
		N8N_SECURE_COOKIE: 'false',
		N8N_UNVERIFIED_PACKAGES_ENABLED: 'true',
		N8N_LOG_LEVEL: 'info',
		// Its system task fetches https://api.n8n.io/api/mcp-servers at every start; tests stay
		// on loopback.
		N8N_DISABLED_MODULES: 'mcp-registry',
		NO_PROXY: '127.0.0.1,localhost',
		...(options.scheduler === 'durable' ? DURABLE_SCHEDULER_ENV : {}),
		...(options.queue ? queueEnv(options.queue) : {}),
		...options.env,
	};
	if (!options.queue) await seedMigratedDatabase(paths, env, join(userFolder, '.n8n'));
	let workers: Workers | undefined;

	let server: ChildProcess | undefined;
	let lastPgid: number | undefined;
	let session: OwnerSession | undefined;
	let apiKey: string | undefined;
	const failure = (what: string) =>
		new Error(`${what}\n--- last 50 lines of ${logFile} ---\n${tail(logFile)}`);

	async function cli(args: string[]) {
		// A CLI run (execute) starts its own task-runner broker: give it a port of its own so it
		// does not collide with a running server's broker.
		const cliEnv = { ...env, N8N_RUNNERS_BROKER_PORT: String(await freePort()) };
		const r = await runCli(paths, args, cliEnv, logFile, cliTimeoutMs);
		if (r.code !== 0) throw failure(`n8n ${args.join(' ')} exited with ${r.code}`);
		return r;
	}

	async function writeInput(name: string, value: unknown): Promise<string> {
		const file = join(userFolder, `${name}-${randomBytes(4).toString('hex')}.json`);
		writeFileSync(file, JSON.stringify(value, null, '\t'));
		return file;
	}

	async function start(): Promise<void> {
		if (server) throw new Error('n8n is already running');
		const startedAt = readFileSync(logFile, 'utf8').length;
		const child = spawnServer(paths, ['start'], env, logFile);
		server = child;
		lastPgid = child.pid;
		let exited: number | null | undefined;
		child.on('exit', (code) => (exited = code));
		// Cold start with migrations took over 120 s at load ~5 on 2 cores (smoke test, 2026-11-22).
		const deadline = Date.now() + (options.startTimeoutMs ?? 300000);
		while (!readFileSync(logFile, 'utf8').slice(startedAt).includes(READY_LINE)) {
			if (exited !== undefined) {
				server = undefined;
				throw failure(`n8n start exited with ${exited} before it was ready`);
			}
			if (Date.now() > deadline) {
				await stopServer();
				throw failure('n8n start did not become ready in time');
			}
			await sleep(250);
		}
		if (options.queue && options.queue.workers > 0 && !workers) {
			const timeout = options.startTimeoutMs ?? 300000;
			workers = await startWorkers(paths, env, userFolder, options.queue.workers, timeout);
		}
	}

	async function stopServer(): Promise<void> {
		if (!server) return;
		const pid = server.pid as number;
		server = undefined;
		session = undefined;
		await killGroup(pid);
	}

	const host: N8nHost = {
		userFolder,
		port,
		baseUrl,
		logFile,
		paths,
		packageName,
		async importCredentials(credentials) {
			await cli(['import:credentials', `--input=${await writeInput('credentials', credentials)}`]);
		},
		async importWorkflow(workflow) {
			await cli(['import:workflow', `--input=${await writeInput('workflow', workflow)}`]);
		},
		async importWorkflows(workflows) {
			const dir = join(userFolder, `workflows-${randomBytes(4).toString('hex')}`);
			mkdirSync(dir);
			workflows.forEach((w, i) =>
				writeFileSync(join(dir, `${i}.json`), JSON.stringify(w, null, '\t')),
			);
			await cli(['import:workflow', '--separate', `--input=${dir}`]);
		},
		async execute(workflowId) {
			const r = await cli(['execute', `--id=${workflowId}`, '--rawOutput']);
			// Log lines may precede the pretty-printed run JSON, whose first line is a lone '{'.
			const match = /^\{$/m.exec(r.stdout);
			const start = match ? match.index : r.stdout.indexOf('{');
			try {
				return JSON.parse(r.stdout.slice(start)) as WorkflowRun;
			} catch {
				throw failure(`n8n execute printed no run JSON:\n${r.stdout}`);
			}
		},
		async publishWorkflow(workflowId) {
			await cli(['publish:workflow', `--id=${workflowId}`]);
		},
		async activateWorkflow(workflowId) {
			await host.api(`/workflows/${encodeURIComponent(workflowId)}/activate`, { method: 'POST' });
		},
		async deactivateWorkflow(workflowId) {
			const path = `/workflows/${encodeURIComponent(workflowId)}/deactivate`;
			await host.api(path, { method: 'POST' });
		},
		start,
		async setupOwnerAndApiKey() {
			if (!server) throw new Error('start() the server first');
			session = await setupOwner(baseUrl);
			apiKey = await createApiKey(baseUrl, session);
			return apiKey;
		},
		async api<T>(path: string, init: { method?: string; body?: unknown } = {}) {
			if (!apiKey) throw new Error('setupOwnerAndApiKey() first');
			const res = await fetch(`${baseUrl}/api/v1${path}`, {
				method: init.method ?? 'GET',
				headers: { 'X-N8N-API-KEY': apiKey, 'Content-Type': 'application/json' },
				body: init.body === undefined ? undefined : JSON.stringify(init.body),
			});
			const text = await res.text();
			if (!res.ok) throw failure(`${init.method ?? 'GET'} /api/v1${path} → ${res.status} ${text}`);
			return JSON.parse(text) as T;
		},
		async executions(workflowId) {
			const q = `/executions?workflowId=${encodeURIComponent(workflowId)}&includeData=true`;
			return (await host.api<{ data: Array<Record<string, unknown>> }>(q)).data;
		},
		async restart() {
			await stopServer();
			await start();
		},
		async stop({ keepFolder = !ownsFolder } = {}) {
			await workers?.stopAll();
			await stopServer();
			if (!keepFolder) rmSync(userFolder, { recursive: true, force: true });
		},
		serverPid: () => server?.pid,
		encryptionKey,
		get workers() {
			return workers;
		},
		useApiKey(key) {
			apiKey = key;
		},
		stopMain: stopServer,
		async killMain() {
			if (!server) throw new Error('n8n is not running');
			const pid = server.pid as number;
			server = undefined;
			session = undefined;
			process.kill(-pid, 'SIGKILL');
			while (groupMembers(pid).length > 0) await sleep(100);
		},
		processes: () => {
			const inGroup = [
				...(lastPgid ? groupMembers(lastPgid) : []),
				...(workers?.processes() ?? []),
			];
			const byEnv = processesWithEnv([`N8N_USER_FOLDER=${userFolder}`, `127.0.0.1:${brokerPort}`]);
			return [...new Set([...inGroup, ...byEnv])];
		},
	};
	return host;
}
