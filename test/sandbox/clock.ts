/**
 * The sandbox clock: real time plus an offset that the control API moves forward. Identity
 * (token lifetimes, code expiry, refresh-token inactivity), rate-limit windows and the alert store
 * all read time from here, so a test can jump 90 days without waiting.
 */
export class SandboxClock {
	private offsetMs = 0;

	constructor(initialOffsetMs = 0) {
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
		if (!Number.isFinite(ms) || ms < 0) throw new RangeError('the sandbox clock only moves forward');
		this.offsetMs += ms;
		return this.now();
	}

	/** Sets the sandbox time to an absolute instant (forward only, so tokens never un-expire). */
	set(epochMs: number): number {
		const delta = epochMs - this.now();
		if (delta < 0) throw new RangeError('the sandbox clock only moves forward');
		return this.advance(delta);
	}

	get offset(): number {
		return this.offsetMs;
	}

	reset(): void {
		this.offsetMs = 0;
	}
}
