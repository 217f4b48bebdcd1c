import type { Attributes, Span } from '@opentelemetry/api';
import {
  ATTR_CACHE_ENTRY_BYTES,
  ATTR_CACHE_NAME,
  ATTR_CACHE_RESULT,
  ATTR_HOOKSCOPE_KIND,
  type CacheResult,
  KIND_CACHE_LOOKUP,
} from '@hookscope/catalog';
import { traceWork } from './telemetry.js';
import { count, isInput, recordWork, seconds } from './work.js';

/** How `traceCacheLookup` reads the value the lookup returned. */
export interface CacheLookupOptions<V> {
  /** Whether the value is a hit. Default: anything but `undefined` and `null`. */
  isHit?: (value: V) => boolean;
  /** Size of the entry in bytes, when cheap to know. */
  bytes?: (value: V) => number | undefined;
}

/** A lookup that already happened, for `recordCacheLookup` and `hookscope emit cache-lookup`. */
export interface CacheLookup {
  /** Stable cache name, a metric label (e.g. `validator-results`); never a key. */
  cache: string;
  hit: boolean;
  /** The lookup failed (the cache was unreadable); `hit` is then ignored. */
  error?: boolean;
  /** How long the lookup took; without it the lookup is counted but not timed. */
  seconds?: number;
  /** Size of the entry found (hit) or computed (miss). */
  bytes?: number;
}

function lookupAttributes(cache: string): Attributes {
  return { [ATTR_HOOKSCOPE_KIND]: KIND_CACHE_LOOKUP, [ATTR_CACHE_NAME]: cache };
}

/**
 * Runs the lookup `fn` (sync or async) in a span under the active hook span and returns its value
 * unchanged. The result is `hit` unless the value is `undefined` or `null` (or `options.isHit`
 * says otherwise); a throw is `error`.
 */
export function traceCacheLookup<T>(
  cache: string,
  fn: (span: Span) => T,
  options?: CacheLookupOptions<Awaited<T>>,
): T {
  return traceWork(`cache_lookup ${cache}`, lookupAttributes(cache), fn, (span, err, value) => {
    let result: CacheResult = 'error';
    if (err === undefined) {
      const v = value as Awaited<T>;
      result = (options?.isHit ? options.isHit(v) : v !== undefined && v !== null) ? 'hit' : 'miss';
      const bytes = count(options?.bytes?.(v));
      if (bytes !== undefined) span.setAttribute(ATTR_CACHE_ENTRY_BYTES, bytes);
    }
    span.setAttribute(ATTR_CACHE_RESULT, result);
  });
}

/** Records a cache lookup that already happened. */
export function recordCacheLookup(lookup: CacheLookup): void {
  try {
    if (!isInput(lookup)) return;
    const result: CacheResult = lookup.error ? 'error' : lookup.hit ? 'hit' : 'miss';
    recordWork(
      `cache_lookup ${lookup.cache}`,
      {
        [ATTR_HOOKSCOPE_KIND]: KIND_CACHE_LOOKUP,
        [ATTR_CACHE_NAME]: lookup.cache,
        [ATTR_CACHE_RESULT]: result,
        [ATTR_CACHE_ENTRY_BYTES]: count(lookup.bytes),
      },
      seconds(lookup.seconds),
      result === 'error' ? 'cache_error' : undefined,
    );
  } catch {
    // Fail open.
  }
}
