import {
  ATTR_CACHE_ENTRY_BYTES,
  ATTR_CACHE_NAME,
  ATTR_CACHE_RESULT,
  ATTR_HOOKSCOPE_KIND,
  CACHE_LOOKUP_BYTES,
  CACHE_LOOKUP_DURATION_SECONDS,
  CACHE_LOOKUPS,
  CACHE_RESULTS,
  KIND_CACHE_LOOKUP,
  UNKNOWN_LABEL_VALUE,
} from '@hookscope/catalog';
import type { Deriver } from './types.js';
import { amountOf, isTimed, labelOf } from './span-values.js';

const RESULTS = new Set<unknown>(CACHE_RESULTS);

/** Cache lookup spans: lookups and bytes by result, and the time of timed lookups. */
export const deriveCache: Deriver = (span, store) => {
  if (span.attributes[ATTR_HOOKSCOPE_KIND] !== KIND_CACHE_LOOKUP) return;
  const raw = span.attributes[ATTR_CACHE_RESULT];
  const labels = {
    cache: labelOf(span, ATTR_CACHE_NAME),
    result: RESULTS.has(raw) ? (raw as string) : UNKNOWN_LABEL_VALUE,
  };
  store.add(CACHE_LOOKUPS, labels);
  if (isTimed(span)) store.observe(CACHE_LOOKUP_DURATION_SECONDS, labels, span.durationSeconds);
  const bytes = amountOf(span, ATTR_CACHE_ENTRY_BYTES);
  if (bytes !== undefined) store.add(CACHE_LOOKUP_BYTES, labels, bytes);
};
