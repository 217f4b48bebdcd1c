import { createHash } from 'node:crypto';

/** Last value seen of one cumulative series: [start time (ns string), value, last seen (ms)]. */
export type StreamState = [string, number, number];

export interface CumulativeSnapshot {
  streams: Record<string, StreamState>;
  /** Fingerprints of series forgotten to bound memory, oldest first. */
  evicted?: number[];
  /** Some forgotten series are no longer remembered even by fingerprint (see below). */
  saturated?: boolean;
}

/**
 * Turns cumulative OTLP sums into increases, so that counters from SDKs exporting cumulative
 * temporality add up in the collector's own counters like delta exports do. A series is known by
 * a hash of its identity (metric, resource and point attributes); a new start time or a value
 * that went down is a reset, after which the whole value is new.
 *
 * Memory is bounded: past `maxStreams` series the least recently updated one is forgotten
 * (evicted), and only a 30-bit fingerprint of it is kept, up to `maxEvicted`. A series seen
 * again after its eviction cannot tell how much of its value was counted already, so its point
 * only sets a new baseline and adds nothing: a flood of series may lose an increase, never
 * count one twice. Once even fingerprints have to be forgotten (`saturated`), every series not
 * remembered starts with a baseline that way. The state is saved in the checkpoint with the
 * metrics it produced, so a restart neither re-adds nor loses an increase.
 */
export class CumulativeTracker {
  private streams = new Map<string, StreamState>();
  private evicted = new Set<number>();
  private saturated = false;

  constructor(
    private readonly maxStreams = 20_000,
    private readonly maxEvicted = 10 * maxStreams,
    /** Called for each series forgotten (the evictions counter). */
    private readonly onEvict: () => void = () => undefined,
  ) {}

  /** The increase since the last value of this series (the whole value for a new series). */
  increase(identity: string, startNano: string, value: number, nowMs = Date.now()): number {
    const key = createHash('sha1').update(identity).digest('base64url');
    const last = this.streams.get(key);
    this.streams.delete(key); // re-inserted last: Map order is then least recently updated first
    this.streams.set(key, [startNano, value, nowMs]);
    if (this.streams.size > this.maxStreams) this.evictOldest();
    if (!last) {
      const print = fingerprint(key);
      if (this.evicted.delete(print) || this.saturated) return 0; // a new baseline
      return value;
    }
    if (last[0] !== startNano || value < last[1]) return value;
    return value - last[1];
  }

  get size(): number {
    return this.streams.size;
  }

  snapshot(): CumulativeSnapshot {
    return {
      streams: Object.fromEntries(this.streams),
      ...(this.evicted.size ? { evicted: [...this.evicted] } : {}),
      ...(this.saturated ? { saturated: true } : {}),
    };
  }

  restore(snap: CumulativeSnapshot | undefined): void {
    this.streams = new Map();
    this.evicted = new Set(snap?.evicted ?? []);
    this.saturated = snap?.saturated === true;
    if (!snap || typeof snap.streams !== 'object' || snap.streams === null) return;
    const entries = Object.entries(snap.streams);
    entries.sort((a, b) => a[1][2] - b[1][2]);
    for (const [k, s] of entries) {
      this.streams.set(k, s);
      if (this.streams.size > this.maxStreams) this.evictOldest();
    }
  }

  private evictOldest(): void {
    const oldest = this.streams.keys().next().value!;
    this.streams.delete(oldest);
    this.evicted.add(fingerprint(oldest));
    if (this.evicted.size > this.maxEvicted) {
      this.evicted.delete(this.evicted.values().next().value!);
      this.saturated = true;
    }
    this.onEvict();
  }
}

/** 30 bits of a series key (a small integer in V8, so a large set of them stays compact). */
function fingerprint(key: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < key.length; i++) h = Math.imul(h ^ key.charCodeAt(i), 0x01000193);
  return (h >>> 0) & 0x3fffffff;
}
