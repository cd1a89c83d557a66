/**
 * A real syslog receiver for tests: Debian's rsyslog on a free 127.0.0.1 port, run as `nobody`
 * from a temp directory, parsing RFC 5424 (structured data via mmpstrucdata) and CEF via
 * mmnormalize + liblognorm's `%x:cef%` parser — a strict third-party CEF parser. Every message
 * lands as one JSON line: `ok.json` when the CEF parsed, `failed.json` when it did not.
 * Installs rsyslog from apt when missing; fails with a clear message when it cannot.
 * Recipe and liblognorm's first-key quirk: shared/facts/siem-and-email.md §1.1.5, §2.2.
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import {
	chownSync,
	existsSync,
	mkdirSync,
	mkdtempSync,
	readFileSync,
	rmSync,
	writeFileSync,
} from 'node:fs';
import { createServer, connect, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface ReceivedSyslog {
	pri: string;
	timestamp: string;
	hostname: string;
	app: string;
	procid: string;
	msgid: string;
	/** Structured data as rsyslog's mmpstrucdata parsed it: { sdId: { param: value } }. */
	sd: Record<string, Record<string, string>>;
	msg: string;
	/** liblognorm's CEF result (only in `ok`). */
	cef?: {
		DeviceVendor: string;
		DeviceProduct: string;
		DeviceVersion: string;
		SignatureID: string;
		Name: string;
		Severity: string;
		Extensions: Record<string, string>;
	};
}

export interface RsyslogReceiver {
	readonly port: number;
	readonly dir: string;
	/** Sends already-framed messages (RFC 6587 octet-counting) over one TCP connection. */
	send(frames: string[]): Promise<void>;
	/** Waits until `count` messages arrived (parsed + failed). */
	waitFor(
		count: number,
		timeoutMs?: number,
	): Promise<{ ok: ReceivedSyslog[]; failed: ReceivedSyslog[] }>;
	stop(): Promise<void>;
}

const CONFIG = `global(workDirectory="__DIR__/work" maxMessageSize="256k")
module(load="imtcp")
module(load="mmnormalize")
module(load="mmpstrucdata")
template(name="out" type="string" string="%$!all-json%\\n")
template(name="ts" type="string" string="%timereported:::date-rfc3339%")
ruleset(name="cef") {
  action(type="mmpstrucdata" sd_name.lowercase="off")
  set $!syslog!pri = $pri;
  set $!syslog!timestamp = exec_template("ts");
  set $!syslog!hostname = $hostname;
  set $!syslog!app = $app-name;
  set $!syslog!procid = $procid;
  set $!syslog!msgid = $msgid;
  set $!syslog!msg = $msg;
  action(type="mmnormalize" rulebase="__DIR__/cef.rb")
  if $parsesuccess == "OK" then {
    action(type="omfile" file="__DIR__/ok.json" template="out")
  } else {
    action(type="omfile" file="__DIR__/failed.json" template="out")
  }
}
input(type="imtcp" port="__PORT__" address="127.0.0.1" ruleset="cef")
`;

const RULEBASE = 'version=2\nrule=:%cef:cef%\n';

function which(cmd: string): string | null {
	for (const dir of ['/usr/sbin', '/usr/bin', '/sbin', '/bin']) {
		if (existsSync(join(dir, cmd))) return join(dir, cmd);
	}
	return null;
}

function aptInstall(): void {
	const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
	const install = () =>
		// The lock timeout waits for another apt run (npm test installs chromium in the background).
		execFileSync(
			'apt-get',
			[
				'-o',
				'DPkg::Lock::Timeout=600',
				'install',
				'-y',
				'--no-install-recommends',
				'rsyslog',
				'liblognorm5',
			],
			{ env, stdio: 'pipe', timeout: 600_000 },
		);
	try {
		install();
	} catch {
		execFileSync('apt-get', ['update'], { env, stdio: 'pipe', timeout: 600_000 });
		install();
	}
}

/** Makes sure rsyslogd with mmnormalize is present; installs Debian's packages if not. */
export function ensureRsyslog(): string {
	let bin = which('rsyslogd');
	if (bin === null) {
		try {
			aptInstall();
		} catch (error) {
			throw new Error(
				'rsyslog is not installed and `apt-get install rsyslog liblognorm5` failed ' +
					'(run the tests as root on Debian/Ubuntu with apt access, or install rsyslog first): ' +
					String((error as { stderr?: Buffer }).stderr ?? error),
			);
		}
		bin = which('rsyslogd');
		if (bin === null) throw new Error('rsyslog was installed but rsyslogd is not on /usr/sbin');
	}
	return bin;
}

async function freePort(): Promise<number> {
	return await new Promise((resolve, reject) => {
		const srv = createServer();
		srv.once('error', reject);
		srv.listen(0, '127.0.0.1', () => {
			const { port } = srv.address() as AddressInfo;
			srv.close(() => resolve(port));
		});
	});
}

async function canConnect(port: number): Promise<boolean> {
	return await new Promise((resolve) => {
		const s = connect({ host: '127.0.0.1', port }, () => {
			s.destroy();
			resolve(true);
		});
		s.once('error', () => resolve(false));
	});
}

const sleepMs = (ms: number) => new Promise((r) => setTimeout(r, ms));

function readJsonLines(file: string): ReceivedSyslog[] {
	if (!existsSync(file)) return [];
	return readFileSync(file, 'utf8')
		.split('\n')
		.slice(0, -1) // the last piece is '' or a line still being written
		.map((l) => {
			const j = JSON.parse(l) as {
				syslog: Omit<ReceivedSyslog, 'sd' | 'cef'>;
				'rfc5424-sd'?: Record<string, Record<string, string>>;
				cef?: ReceivedSyslog['cef'];
			};
			return { ...j.syslog, sd: j['rfc5424-sd'] ?? {}, cef: j.cef };
		});
}

/** Starts rsyslog (as `nobody` when running as root) and waits until it accepts connections. */
export async function startRsyslog(): Promise<RsyslogReceiver> {
	const bin = ensureRsyslog();
	const dir = mkdtempSync(join(tmpdir(), 'rsyslog-cef-'));
	mkdirSync(join(dir, 'work'));
	const port = await freePort();
	const conf = join(dir, 'rsyslog.conf');
	writeFileSync(conf, CONFIG.replace(/__DIR__/g, dir).replace('__PORT__', String(port)));
	writeFileSync(join(dir, 'cef.rb'), RULEBASE);
	const asRoot = typeof process.getuid === 'function' && process.getuid() === 0;
	if (asRoot) {
		const ids = execFileSync('id', ['-u', 'nobody']).toString().trim();
		const gid = execFileSync('id', ['-g', 'nobody']).toString().trim();
		for (const p of [dir, join(dir, 'work'), conf, join(dir, 'cef.rb')]) chownSync(p, +ids, +gid);
	}
	try {
		execFileSync(bin, ['-N1', '-f', conf], { stdio: 'pipe' });
	} catch (error) {
		rmSync(dir, { recursive: true, force: true });
		throw new Error(
			'rsyslog rejected the test configuration (is mmnormalize/liblognorm installed? ' +
				'`apt-get install rsyslog liblognorm5`): ' +
				String((error as { stderr?: Buffer }).stderr ?? error),
		);
	}
	const pidFile = join(dir, 'rsyslogd.pid');
	const args = ['-n', '-f', conf, '-i', pidFile];
	const child: ChildProcess = asRoot
		? spawn('runuser', ['-u', 'nobody', '--', bin, ...args], {
				stdio: ['ignore', 'ignore', 'pipe'],
			})
		: spawn(bin, args, { stdio: ['ignore', 'ignore', 'pipe'] });
	let stderr = '';
	child.stderr?.on('data', (d: Buffer) => (stderr += d.toString()));
	const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
	let up = false;
	for (let i = 0; i < 100 && !up; i++) {
		if (child.exitCode !== null) break;
		up = await canConnect(port);
		if (!up) await sleepMs(50);
	}
	const stop = async () => {
		if (existsSync(pidFile)) {
			const pid = Number(readFileSync(pidFile, 'utf8').trim());
			if (pid > 0) {
				try {
					process.kill(pid, 'SIGTERM');
				} catch {
					// already gone
				}
			}
		}
		if (child.exitCode === null) child.kill('SIGTERM');
		await Promise.race([exited, sleepMs(5000)]);
		if (child.exitCode === null && child.signalCode === null) {
			child.kill('SIGKILL');
			await exited;
		}
		rmSync(dir, { recursive: true, force: true });
	};
	if (!up) {
		await stop();
		throw new Error(`rsyslogd did not start on 127.0.0.1:${port}: ${stderr}`);
	}
	return {
		port,
		dir,
		async send(frames: string[]) {
			await new Promise<void>((resolve, reject) => {
				const s = connect({ host: '127.0.0.1', port }, () => {
					s.end(frames.join(''), 'utf8', () => resolve());
				});
				s.once('error', reject);
			});
		},
		async waitFor(count: number, timeoutMs = 20_000) {
			const deadline = Date.now() + timeoutMs;
			for (;;) {
				const ok = readJsonLines(join(dir, 'ok.json'));
				const failed = readJsonLines(join(dir, 'failed.json'));
				if (ok.length + failed.length >= count) return { ok, failed };
				if (Date.now() > deadline) {
					throw new Error(`rsyslog received ${ok.length + failed.length} of ${count} messages`);
				}
				await sleepMs(100);
			}
		},
		stop,
	};
}
