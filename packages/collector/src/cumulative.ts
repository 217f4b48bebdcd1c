import { createHash } from 'node:crypto';

/** Last value seen of one cumulative series: [start time (ns string), value, last seen (ms)]. */
export type StreamState = [string, number, number];

export interface CumulativeSnapshot {
  streams: Record<string, StreamState>;
}

/**
 * Turns cumulative OTLP sums into increases, so that counters from SDKs exporting cumulative
 * temporality add up in the collector's own counters like delta exports do. A series is known by
 * a hash of its identity (metric, resource and point attributes); a new start time or a value
 * that went down is a reset, after which the whole value is new. The state is bounded (least
 * recently updated series are forgotten first) and saved in the checkpoint with the metrics it
 * produced, so a restart neither re-adds nor loses an increase.
 */
export class CumulativeTracker {
  private streams = new Map<string, StreamState>();

  constructor(private readonly maxStreams = 20_000) {}

  /** The increase since the last value of this series (the whole value for a new series). */
  increase(identity: string, startNano: string, value: number, nowMs = Date.now()): number {
    const key = createHash('sha1').update(identity).digest('base64url');
    const last = this.streams.get(key);
    this.streams.delete(key); // re-inserted last: Map order is then least recently updated first
    this.streams.set(key, [startNano, value, nowMs]);
    if (this.streams.size > this.maxStreams) {
      this.streams.delete(this.streams.keys().next().value!);
    }
    if (!last || last[0] !== startNano || value < last[1]) return value;
    return value - last[1];
  }

  get size(): number {
    return this.streams.size;
  }

  snapshot(): CumulativeSnapshot {
    return { streams: Object.fromEntries(this.streams) };
  }

  restore(snap: CumulativeSnapshot | undefined): void {
    this.streams = new Map();
    if (!snap || typeof snap.streams !== 'object' || snap.streams === null) return;
    const entries = Object.entries(snap.streams).filter(
      ([, s]) => Array.isArray(s) && typeof s[0] === 'string' && typeof s[1] === 'number',
    );
    entries.sort((a, b) => a[1][2] - b[1][2]);
    for (const [k, s] of entries.slice(-this.maxStreams)) this.streams.set(k, s);
  }
}
