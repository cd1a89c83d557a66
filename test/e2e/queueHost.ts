/**
 * n8n's scaling mode for the e2e host (`startN8n({ queue: { services, workers: 2 } })`): the main
 * owns triggers, webhooks and the database migrations; `n8n worker` processes take executions off
 * the Bull queue in Redis. Each worker runs in its own process group with its own log, task-runner
 * broker port and health port, and shares its main's user folder (community package, encryption
 * key): what n8n's docs ask of workers on one machine.
 *
 * Which process ran an execution: a worker logs `Worker started execution <id> (job <job>)` (n8n
 * dist/scaling/job-processor.js) in its own log; n8n records no worker on the execution row.
 */
import { ChildProcess } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

import {
	freePort,
	groupMembers,
	HostPaths,
	isRunning,
	killGroup,
	sleep,
	spawnServer,
	tail,
} from './processes';
import type { QueueServices } from './queueServices';

export interface QueueOptions {
	services: QueueServices;
	/** `n8n worker` processes started with the main (0 for a second main on the same queue). */
	workers: number;
}

/** What every process of a queue-mode instance reads: Postgres, Redis, queue mode. */
export function queueEnv(q: QueueOptions): Record<string, string> {
	const { postgres, redis } = q.services;
	return {
		EXECUTIONS_MODE: 'queue',
		DB_TYPE: 'postgresdb',
		DB_POSTGRESDB_HOST: postgres.host,
		DB_POSTGRESDB_PORT: String(postgres.port),
		DB_POSTGRESDB_DATABASE: postgres.database,
		DB_POSTGRESDB_USER: postgres.user,
		// The suite's cluster trusts loopback; n8n still wants a value.
		DB_POSTGRESDB_PASSWORD: 'unused-trust-auth',
		QUEUE_BULL_REDIS_HOST: redis.host,
		QUEUE_BULL_REDIS_PORT: String(redis.port),
		// n8n warns that manual executions stay on the main otherwise; the suites run production
		// executions (triggers, webhooks), which go to the workers either way.
		OFFLOAD_MANUAL_EXECUTIONS_TO_WORKERS: 'true',
	};
}

const WORKER_READY = 'n8n worker is now ready';

export interface Workers {
	readonly count: number;
	logFile(index: number): string;
	/** Pid of worker `index`'s process (its group leader), if it runs. */
	pid(index: number): number | undefined;
	/** SIGKILL to worker `index`'s whole group: a crash, no graceful shutdown, no job hand-back. */
	kill(index: number): Promise<void>;
	/**
	 * Graceful stop of worker `index` (SIGTERM): n8n's worker stops taking jobs and waits for the
	 * running ones up to N8N_GRACEFUL_SHUTDOWN_TIMEOUT (commands/worker.js stopProcess).
	 */
	stop(index: number): Promise<void>;
	/** Starts worker `index` (again) and waits until it is ready. */
	start(index: number): Promise<void>;
	/** Execution ids worker `index` started, from its log. */
	executionsRun(index: number): string[];
	/** Graceful stop of every worker (SIGTERM, SIGKILL after the grace time). */
	stopAll(): Promise<void>;
	/** Pids of every worker group started so far that are still alive. */
	processes(): number[];
}

/**
 * Workers for a main whose environment is `mainEnv`. Each gets its own broker and health ports;
 * `start(i)` appends to the same log file, so a restarted worker's history stays readable.
 */
export async function startWorkers(
	paths: HostPaths,
	mainEnv: NodeJS.ProcessEnv,
	userFolder: string,
	count: number,
	startTimeoutMs: number,
): Promise<Workers> {
	const logs = Array.from({ length: count }, (_, i) => join(userFolder, `worker-${i + 1}.log`));
	for (const log of logs) writeFileSync(log, '');
	const running: Array<ChildProcess | undefined> = new Array(count).fill(undefined);
	const groups = new Set<number>();

	async function start(index: number): Promise<void> {
		if (running[index] && isRunning(running[index].pid as number)) {
			throw new Error(`worker ${index + 1} is already running`);
		}
		const log = logs[index];
		const from = readFileSync(log, 'utf8').length;
		const env = {
			...mainEnv,
			N8N_RUNNERS_BROKER_PORT: String(await freePort()),
			QUEUE_HEALTH_CHECK_ACTIVE: 'true',
			QUEUE_HEALTH_CHECK_PORT: String(await freePort()),
			N8N_WORKER_SERVER_ADDRESS: '127.0.0.1',
		};
		const child = spawnServer(paths, ['worker'], env, log);
		running[index] = child;
		groups.add(child.pid as number);
		let exited: number | null | undefined;
		child.on('exit', (code) => (exited = code));
		const deadline = Date.now() + startTimeoutMs;
		while (!readFileSync(log, 'utf8').slice(from).includes(WORKER_READY)) {
			if (exited !== undefined || Date.now() > deadline) {
				await killGroup(child.pid as number);
				running[index] = undefined;
				const why = exited !== undefined ? `exited with ${exited}` : 'was not ready in time';
				throw new Error(`n8n worker ${index + 1} ${why}\n--- ${log} ---\n${tail(log)}`);
			}
			await sleep(250);
		}
	}

	const workers: Workers = {
		count,
		logFile: (i) => logs[i],
		pid: (i) => {
			const pid = running[i]?.pid;
			return pid !== undefined && isRunning(pid) ? pid : undefined;
		},
		async kill(i) {
			const pid = running[i]?.pid;
			if (pid === undefined) throw new Error(`worker ${i + 1} is not running`);
			process.kill(-pid, 'SIGKILL');
			while (groupMembers(pid).length > 0) await sleep(100);
			running[i] = undefined;
		},
		async stop(i) {
			const pid = running[i]?.pid;
			if (pid === undefined) throw new Error(`worker ${i + 1} is not running`);
			await killGroup(pid, 60_000);
			running[i] = undefined;
		},
		start,
		executionsRun: (i) =>
			[...readFileSync(logs[i], 'utf8').matchAll(/Worker started execution (\d+) \(job/g)].map(
				(m) => m[1],
			),
		async stopAll() {
			await Promise.all(
				running.map(async (child, i) => {
					if (child?.pid !== undefined) await killGroup(child.pid, 30_000);
					running[i] = undefined;
				}),
			);
		},
		processes: () => [...groups].flatMap((g) => groupMembers(g)),
	};
	await Promise.all(logs.map((_, i) => start(i)));
	return workers;
}
