import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { tempDir } from '../../../test/support/paths.js';
import {
  JsonSyntaxError,
  memberOf,
  parseJsonText,
  type JsonObject,
} from '../src/settings/json-text.js';
import { applyEdits } from '../src/settings/text-edits.js';
import { unifiedDiff } from '../src/settings/unified-diff.js';

describe('positional JSON', () => {
  it('parses what JSON.parse parses, keeping where each value is', () => {
    const text = '\uFEFF{ "a" : [1, -2.5e3, true, null, "x\\"y"], "b": {"c": "\\u00e9"}, "a": 3 }';
    const root = parseJsonText(text) as JsonObject;
    const b = memberOf(root, 'b') as JsonObject;
    const c = memberOf(b, 'c')!;
    expect(text.slice(c.start, c.end)).toBe('"\\u00e9"');
    expect(c).toMatchObject({ type: 'string', value: 'é' });
    // A repeated key: the last one wins, as in JSON.parse.
    expect(memberOf(root, 'a')).toMatchObject({ type: 'number', value: 3 });
    const first = root.members[0]!.value;
    expect(first.type === 'array' && first.items.map((i) => text.slice(i.start, i.end))).toEqual([
      '1',
      '-2.5e3',
      'true',
      'null',
      '"x\\"y"',
    ]);
  });

  it.each([
    ['', 'line 1, column 1: unexpected end of file where a value was expected'],
    ['{"a": 1,}', 'line 1, column 9: unexpected character "}" where a key (a string) was expected'],
    ['{"a" 1}', `line 1, column 6: unexpected character "1" where ':' was expected`],
    ['[1 2]', `line 1, column 4: unexpected character "2" where ',' or ']' was expected`],
    ['{\n  "a": "x\ty"\n}', 'line 2, column 10: control character in a string (escape it)'],
    ['{"a": "\\q"}', 'line 1, column 7: invalid escape in a string'],
    ['{"a": 01}', `line 1, column 8: unexpected character "1" where ',' or '}' was expected`],
    ['{"a": tru}', 'line 1, column 7: unexpected character "t" where a value was expected'],
    ['{} {}', 'line 1, column 4: unexpected text after the end of the JSON value'],
    ['{"a": "open', 'line 1, column 7: unterminated string'],
    ['// comment\n{}', 'line 1, column 1: unexpected character "/" where a value was expected'],
  ])('rejects %j', (text, message) => {
    expect(() => parseJsonText(text)).toThrow(JsonSyntaxError);
    expect(() => parseJsonText(text)).toThrow(`invalid JSON at ${message}`);
    expect(() => JSON.parse(text)).toThrow(); // and so does JSON.parse
  });

  it('applies edits in any order, refusing overlaps', () => {
    expect(
      applyEdits('abcdef', [
        { offset: 4, length: 1, text: 'E' },
        { offset: 0, length: 2, text: '' },
      ]),
    ).toBe('cdEf');
    expect(() =>
      applyEdits('abc', [
        { offset: 0, length: 2, text: '' },
        { offset: 1, length: 1, text: '' },
      ]),
    ).toThrow();
  });
});

describe('unified diff', () => {
  const tmp = tempDir();
  /** What `diff -u` prints for the same texts (header lines aside). */
  function realDiff(a: string, b: string): string {
    writeFileSync(join(tmp.dir, 'a'), a);
    writeFileSync(join(tmp.dir, 'b'), b);
    const r = spawnSync('diff', ['-u', join(tmp.dir, 'a'), join(tmp.dir, 'b')], {
      encoding: 'utf8',
    });
    return r.stdout.split('\n').slice(2).join('\n');
  }
  const lines = (n: number, f = (i: number) => `line ${i}`) =>
    Array.from({ length: n }, (_, i) => f(i + 1)).join('\n') + '\n';

  it.each([
    ['one changed line', lines(20), lines(20, (i) => (i === 10 ? 'changed' : `line ${i}`))],
    [
      'two distant changes',
      lines(40),
      lines(40, (i) => (i === 3 || i === 35 ? `x${i}` : `line ${i}`)),
    ],
    [
      'two close changes in one hunk',
      lines(30),
      lines(30, (i) => (i === 10 || i === 15 ? `x${i}` : `line ${i}`)),
    ],
    [
      'an insertion and a removal',
      lines(12),
      lines(12).replace('line 4\n', '').replace('line 9\n', 'line 9\nnew\n'),
    ],
    ['a change at the start', lines(8), 'first\n' + lines(8).split('\n').slice(1).join('\n')],
  ])('matches diff -u: %s', (_label, a, b) => {
    const ours = unifiedDiff(a, b, 'a', 'b').split('\n').slice(2).join('\n');
    expect(ours).toBe(realDiff(a, b));
  });

  it('is empty for equal texts', () => {
    expect(unifiedDiff('x\n', 'x\n', 'a', 'b')).toBe('');
  });
});
