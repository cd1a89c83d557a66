/**
 * The sandbox clock: real time plus an offset that the control API moves forward. Identity
 * (token lifetimes, code expiry, refresh-token inactivity), rate-limit windows, the alert store
 * and every response's `Date` header read time from here, so a test can jump 90 days without
 * waiting. The initial offset may be negative (a Defender clock behind the machine's); after
 * that the clock only moves forward.
 */
export class SandboxClock {
	private offsetMs = 0;
	private readonly initialOffsetMs: number;

	constructor(initialOffsetMs = 0) {
		if (!Number.isFinite(initialOffsetMs))
			throw new RangeError('the clock offset must be a finite number of milliseconds');
		this.initialOffsetMs = initialOffsetMs;
		this.offsetMs = initialOffsetMs;
	}

	now(): number {
		return Date.now() + this.offsetMs;
	}

	/** Seconds since the epoch, as JWT claims use. */
	nowSeconds(): number {
		return Math.floor(this.now() / 1000);
	}

	advance(ms: number): number {
		if (!Number.isFinite(ms) || ms < 0)
			throw new RangeError('the sandbox clock only moves forward');
		this.offsetMs += ms;
		return this.now();
	}

	/** Sets the sandbox time to an absolute instant (forward only, so tokens never un-expire). */
	set(epochMs: number): number {
		const delta = epochMs - this.now();
		if (delta < 0) throw new RangeError('the sandbox clock only moves forward');
		return this.advance(delta);
	}

	/** The sandbox time as an HTTP date (RFC 7231 §7.1.1.1 IMF-fixdate), for the `Date` header. */
	httpDate(): string {
		return new Date(this.now()).toUTCString();
	}

	get offset(): number {
		return this.offsetMs;
	}

	/** Back to the offset the sandbox started with (control `reset`). */
	reset(): void {
		this.offsetMs = this.initialOffsetMs;
	}
}
