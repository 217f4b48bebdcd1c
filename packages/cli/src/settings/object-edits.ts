import type { JsonObject } from './json-text.js';
import type { TextEdit } from './text-edits.js';

/**
 * Text edits that add or remove members of a JSON object in place, written in the style of the
 * file around them (its line ending, and the indentation of the object's members or, for an
 * empty object, one level below the object's own line).
 */

/** One edit that appends `members` (key, raw JSON value text) at the end of `obj`. */
export function appendMembers(
  text: string,
  obj: JsonObject,
  members: readonly (readonly [string, string])[],
): TextEdit {
  const eol = text.includes('\r\n') ? '\r\n' : '\n';
  const last = obj.members.at(-1);
  if (!last) {
    const outer = lineIndent(text, obj.start);
    const inner = outer + indentUnit(text);
    const body = members.map(([k, v]) => `${inner}${JSON.stringify(k)}: ${v}`).join(`,${eol}`);
    return {
      offset: obj.start + 1,
      length: obj.end - 1 - (obj.start + 1),
      text: `${eol}${body}${eol}${outer}`,
    };
  }
  // Between members as the object already separates them (a newline and indent, or a space).
  const first = obj.members[0]!;
  const second = obj.members[1];
  const gap = second ? text.slice(first.value.end, second.keyStart) : undefined;
  const separator =
    gap !== undefined && /^\s*,\s*$/.test(gap)
      ? gap
      : isOnOwnLine(text, first.keyStart)
        ? `,${eol}${lineIndent(text, first.keyStart)}`
        : ', ';
  const added = members.map(([k, v]) => `${separator}${JSON.stringify(k)}: ${v}`).join('');
  return { offset: last.value.end, length: 0, text: added };
}

/** Edits that remove the members whose keys are in `keys` (all of them when a key repeats). */
export function removeMembers(
  text: string,
  obj: JsonObject,
  keys: ReadonlySet<string>,
): TextEdit[] {
  const m = obj.members;
  const removed = m.map((member) => keys.has(member.key));
  if (!removed.includes(true)) return [];
  if (removed.every(Boolean)) {
    // Nothing left: `{}`, as an empty object is usually written.
    return [{ offset: obj.start + 1, length: obj.end - 1 - (obj.start + 1), text: '' }];
  }
  const edits: TextEdit[] = [];
  // A leading run goes with the separator after it, up to the first member kept.
  let i = 0;
  while (removed[i]) i++;
  if (i > 0)
    edits.push({ offset: m[0]!.keyStart, length: m[i]!.keyStart - m[0]!.keyStart, text: '' });
  // Any other member goes with the separator before it.
  for (; i < m.length; i++) {
    if (removed[i])
      edits.push({
        offset: m[i - 1]!.value.end,
        length: m[i]!.value.end - m[i - 1]!.value.end,
        text: '',
      });
  }
  return edits;
}

function isOnOwnLine(text: string, offset: number): boolean {
  return /^[ \t]*$/.test(text.slice(text.lastIndexOf('\n', offset - 1) + 1, offset));
}

/** The leading whitespace of the line `offset` is on. */
function lineIndent(text: string, offset: number): string {
  const lineStart = text.lastIndexOf('\n', offset - 1) + 1;
  return /^[ \t]*/.exec(text.slice(lineStart))![0];
}

/** The file's indentation step: that of its first indented line, else two spaces. */
function indentUnit(text: string): string {
  return /\n([ \t]+)\S/.exec(text)?.[1] ?? '  ';
}

/** JSON text of an object with string members, laid out as a member of `obj` would be. */
export function objectText(
  text: string,
  obj: JsonObject,
  entries: readonly (readonly [string, string])[],
): string {
  const eol = text.includes('\r\n') ? '\r\n' : '\n';
  const first = obj.members[0];
  const indent =
    first && isOnOwnLine(text, first.keyStart)
      ? lineIndent(text, first.keyStart)
      : lineIndent(text, obj.start) + indentUnit(text);
  const inner = indent + indentUnit(text);
  const body = entries.map(([k, v]) => `${inner}${JSON.stringify(k)}: ${JSON.stringify(v)}`);
  return `{${eol}${body.join(`,${eol}`)}${eol}${indent}}`;
}
