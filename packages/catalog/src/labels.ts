/**
 * Guards for metric label values (labels are categories; ids live on spans, or
 * every session would add series).
 * A value that looks like an id would create one series per occurrence.
 */
const ID_PATTERNS = [
  /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/i, // UUID
  /(?:^|[^0-9a-z])[0-9a-f]{16,}(?:$|[^0-9a-z])/i, // hashes, trace and span ids
  /\d{10,}/, // timestamps, counters (model dates such as 20250929 are 8 digits and pass)
];

/** Whether a label value looks like an id (UUID, long hex string, long digit run). */
export function looksLikeId(value: string): boolean {
  return ID_PATTERNS.some((p) => p.test(value));
}
