/**
 * Defender's clock as its responses tell it (`Date` header). The window's upper bound comes from
 * n8n's clock; if that runs ahead of Defender's, a watermark set from it would pass alerts that
 * Defender stamps later, and once the lead exceeds the overlap they would never be read. So a
 * tenant's watermark never passes the Date of the first answer of its window, and a skew beyond
 * half the overlap is reported with the figure.
 */
import { minTime, timeKeyFromMs } from '../shared/alerts/time';
import type { TimeKey } from '../shared/alerts/time';

export class ServerClock {
	/** Date of the first answer, per tenant (epoch ms, whole seconds). */
	private readonly firstDate = new Map<string, number>();
	/** Largest skew seen (Defender minus the trigger's clock, ms) by absolute value. */
	private worstSkewMs = 0;

	/** @param triggerOffsetMs the trigger's clock minus this machine's (0 outside tests). */
	constructor(private readonly triggerOffsetMs = 0) {}

	observe(
		tenantId: string,
		serverMs: number | undefined,
		sentAtMs: number,
		receivedAtMs: number,
	): void {
		if (serverMs === undefined) return;
		if (!this.firstDate.has(tenantId)) this.firstDate.set(tenantId, serverMs);
		// The header is truncated to the second: its instant is on average half a second later.
		const skew = serverMs + 500 - ((sentAtMs + receivedAtMs) / 2 + this.triggerOffsetMs);
		if (Math.abs(skew) > Math.abs(this.worstSkewMs)) this.worstSkewMs = skew;
	}

	/** The latest time this tenant's watermark may take, or undefined when no Date was seen. */
	bound(tenantId: string): TimeKey | undefined {
		const ms = this.firstDate.get(tenantId);
		return ms === undefined ? undefined : (timeKeyFromMs(ms) ?? undefined);
	}

	/** The earliest Date any tenant's answer carried this poll (Defender's clock), if any. */
	earliest(): TimeKey | undefined {
		if (this.firstDate.size === 0) return undefined;
		return timeKeyFromMs(Math.min(...this.firstDate.values())) ?? undefined;
	}

	/** `reach` kept at or before the tenant's server time. */
	clamp(tenantId: string, reach: TimeKey): TimeKey {
		const bound = this.bound(tenantId);
		return bound === undefined ? reach : minTime(reach, bound);
	}

	/** A warning when the clocks differ by more than half the overlap, else undefined. */
	get skewMs(): number {
		return this.worstSkewMs;
	}

	skewWarning(overlapMs: number): string | undefined {
		const skew = this.worstSkewMs;
		if (Math.abs(skew) <= overlapMs / 2) return undefined;
		const seconds = Math.round(Math.abs(skew) / 1000);
		const direction = skew < 0 ? 'behind' : 'ahead of';
		return `Defender's clock is ${seconds} s ${direction} this n8n's clock (more than half the trigger's ${Math.round(overlapMs / 60_000)}-minute overlap). The trigger bounds its window by Defender's clock, so no alert is skipped, but alerts are emitted later and matched against a wider window. Synchronise the n8n host's clock (NTP), or raise "Overlap Window (Minutes)" above the skew.`;
	}
}
