/**
 * Nesting limit of OTLP/JSON bodies and spool lines. An export request nests about a dozen
 * levels, plus three per level of nested attribute values (arrays, key-value lists); 64 leaves
 * room for any real one. A body nested deeper is refused before anything walks or re-serialises
 * it recursively (which would overflow the stack).
 */
export const MAX_JSON_DEPTH = 64;

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const OPEN_OBJECT = 0x7b;
const OPEN_ARRAY = 0x5b;
const CLOSE_OBJECT = 0x7d;
const CLOSE_ARRAY = 0x5d;

/** Whether JSON text nests objects and arrays deeper than `limit` (one pass, no parse). */
export function jsonTooDeep(text: Buffer | string, limit = MAX_JSON_DEPTH): boolean {
  // The characters that matter are ASCII: UTF-16 code units and UTF-8 bytes agree on them.
  const at: (i: number) => number | undefined =
    typeof text === 'string' ? (i) => text.charCodeAt(i) : (i) => text[i];
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = at(i);
    if (inString) {
      if (c === BACKSLASH) i++;
      else if (c === QUOTE) inString = false;
    } else if (c === QUOTE) {
      inString = true;
    } else if (c === OPEN_OBJECT || c === OPEN_ARRAY) {
      if (++depth > limit) return true;
    } else if (c === CLOSE_OBJECT || c === CLOSE_ARRAY) {
      depth--;
    }
  }
  return false;
}

/** Whether a decoded value nests objects and arrays deeper than `limit` (iterative walk). */
export function valueTooDeep(value: unknown, limit = MAX_JSON_DEPTH): boolean {
  const stack: [unknown, number][] = [[value, 0]];
  while (stack.length) {
    const [v, d] = stack.pop()!;
    if (typeof v !== 'object' || v === null || ArrayBuffer.isView(v)) continue;
    if (d + 1 > limit) return true;
    for (const child of Array.isArray(v) ? v : Object.values(v)) stack.push([child, d + 1]);
  }
  return false;
}
