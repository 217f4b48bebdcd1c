import { lineAndColumn, type JsonArray, type JsonNode, type JsonObject } from './json-text.js';

/**
 * A TOML parser that keeps where every string value is in the text, for Codex's `config.toml`:
 * its `[hooks]` tables are read into the same tree as a JSON file's (objects, arrays, strings,
 * numbers, booleans), so that a hook's `command` can be replaced with one text edit and
 * everything else (comments, key order, quoting, spacing) stays as the user wrote it.
 * Dates and times are kept as strings of their text. Errors name the line and column.
 */
export class TomlSyntaxError extends Error {
  constructor(
    readonly reason: string,
    readonly line: number,
    readonly column: number,
  ) {
    super(`invalid TOML at line ${line}, column ${column}: ${reason}`);
  }
}

/** How a TOML string was quoted: `"basic"`, `'literal'`, `"""multi-line basic"""`, `'''multi-line literal'''`. */
export type TomlQuote = '"' | "'" | '"""' | "'''";

export function tomlQuoteAt(text: string, offset: number): TomlQuote {
  if (text.startsWith('"""', offset)) return '"""';
  if (text.startsWith("'''", offset)) return "'''";
  return text[offset] === "'" ? "'" : '"';
}

/**
 * A TOML string literal for `value`, quoted as `like` where the value can be written that way:
 * a literal string (`'...'`) cannot hold `'`, newlines or control characters, and falls back to a
 * multi-line literal (`'''...'''`), so that a value quoted literally stays literal; anything
 * else is a basic string.
 */
export function tomlString(value: string, like: TomlQuote = '"'): string {
  // eslint-disable-next-line no-control-regex
  const controls = /[\u0000-\u0008\u000a-\u001f\u007f]/;
  if (like === "'" && !value.includes("'") && !controls.test(value)) return `'${value}'`;
  if (
    (like === "'" || like === "'''") &&
    !value.includes("'''") &&
    !value.startsWith('\n') &&
    !/[\u0000-\u0008\u000b-\u001f\u007f]/.test(value) // eslint-disable-line no-control-regex
  ) {
    return `'''${value}'''`;
  }
  // JSON's escapes are TOML's (\b \t \n \f \r \" \\ \uXXXX); TOML also wants DEL escaped.
  return JSON.stringify(value).replace(/\u007f/g, '\\u007F');
}

const WS = ' \t';
const BARE_KEY = /[A-Za-z0-9_-]+/y;
const DATETIME =
  /\d{4}-\d{2}-\d{2}(?:[Tt ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:[Zz]|[+-]\d{2}:\d{2})?)?|\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?/y;
const NUMBER =
  /[+-]?(?:inf|nan)|0x[0-9A-Fa-f](?:_?[0-9A-Fa-f])*|0o[0-7](?:_?[0-7])*|0b[01](?:_?[01])*|[+-]?(?:0|[1-9](?:_?\d)*)(?:\.\d(?:_?\d)*)?(?:[eE][+-]?\d(?:_?\d)*)?/y;

/** Parses a TOML document into an object tree (see above). */
export function parseTomlText(text: string): JsonObject {
  return new TomlParser(text).document();
}

/** Tables defined by a header or by dotted keys, and inline tables/arrays (closed to additions). */
type Origin = 'implicit' | 'header' | 'dotted' | 'inline' | 'array-of-tables';

class TomlParser {
  private i = 0;
  private readonly origin = new WeakMap<JsonNode, Origin>();

  constructor(private readonly text: string) {
    if (text.charCodeAt(0) === 0xfeff) this.i = 1;
  }

  private fail(reason: string, at = this.i): never {
    const { line, column } = lineAndColumn(this.text, at);
    throw new TomlSyntaxError(reason, line, column);
  }

  private skipWs(): void {
    while (this.i < this.text.length && WS.includes(this.text[this.i]!)) this.i++;
  }

  /** Spaces, then a comment, then the end of the line (or of the file). */
  private endOfLine(): void {
    this.skipWs();
    const t = this.text;
    if (t[this.i] === '#') this.skipComment();
    if (this.i >= t.length) return;
    if (t[this.i] === '\n') this.i++;
    else if (t[this.i] === '\r' && t[this.i + 1] === '\n') this.i += 2;
    else this.fail(`${describe(t[this.i])} after a value (one key = value per line)`);
  }

  private skipComment(): void {
    const t = this.text;
    while (
      this.i < t.length &&
      t[this.i] !== '\n' &&
      !(t[this.i] === '\r' && t[this.i + 1] === '\n')
    )
      this.i++;
  }

  /** Whitespace, newlines and comments (inside arrays). */
  private skipWsNl(): void {
    const t = this.text;
    for (;;) {
      this.skipWs();
      if (t[this.i] === '#') this.skipComment();
      else if (t[this.i] === '\n') this.i++;
      else if (t[this.i] === '\r' && t[this.i + 1] === '\n') this.i += 2;
      else return;
    }
  }

  document(): JsonObject {
    const root = this.table(0);
    let current = root;
    const t = this.text;
    while (this.i < t.length) {
      this.skipWsNl();
      if (this.i >= t.length) break;
      if (t[this.i] === '[') {
        const start = this.i;
        const array = t[this.i + 1] === '[';
        this.i += array ? 2 : 1;
        this.skipWs();
        const keys = this.key();
        this.skipWs();
        if (!t.startsWith(array ? ']]' : ']', this.i))
          this.fail(`expected '${array ? ']]' : ']'}' to close the table header`);
        this.i += array ? 2 : 1;
        current = array ? this.arrayTable(root, keys, start) : this.headerTable(root, keys, start);
        this.endOfLine();
      } else {
        this.keyValue(current);
        this.endOfLine();
      }
    }
    root.end = t.length;
    return root;
  }

  private table(start: number, origin: Origin = 'implicit'): JsonObject {
    const obj: JsonObject = { type: 'object', start, end: start, members: [] };
    this.origin.set(obj, origin);
    return obj;
  }

  /** The table a dotted path leads to from `from`, creating implicit tables on the way. */
  private descend(from: JsonObject, keys: { key: string; at: number }[], creating: Origin) {
    let obj = from;
    for (const { key, at } of keys) {
      const member = obj.members.find((m) => m.key === key);
      if (!member) {
        const next = this.table(at, creating === 'dotted' ? 'dotted' : 'implicit');
        obj.members.push({ key, keyStart: at, value: next });
        obj = next;
        continue;
      }
      let value = member.value;
      if (value.type === 'array' && this.origin.get(value) === 'array-of-tables') {
        value = value.items[value.items.length - 1]!;
      }
      if (value.type !== 'object' || this.origin.get(value) === 'inline') {
        this.fail(`'${key}' is already defined as a value, not a table`, at);
      }
      obj = value as JsonObject;
    }
    return obj;
  }

  private headerTable(root: JsonObject, keys: { key: string; at: number }[], start: number) {
    const parent = this.descend(root, keys.slice(0, -1), 'implicit');
    const last = keys[keys.length - 1]!;
    const member = parent.members.find((m) => m.key === last.key);
    if (!member) {
      const obj = this.table(start, 'header');
      parent.members.push({ key: last.key, keyStart: last.at, value: obj });
      return obj;
    }
    const value = member.value;
    if (value.type === 'object' && this.origin.get(value) === 'implicit') {
      this.origin.set(value, 'header');
      return value;
    }
    return this.fail(`table [${keys.map((k) => k.key).join('.')}] is defined twice`, start);
  }

  private arrayTable(root: JsonObject, keys: { key: string; at: number }[], start: number) {
    const parent = this.descend(root, keys.slice(0, -1), 'implicit');
    const last = keys[keys.length - 1]!;
    const member = parent.members.find((m) => m.key === last.key);
    const obj = this.table(start, 'header');
    if (!member) {
      const array: JsonArray = { type: 'array', start, end: start, items: [obj] };
      this.origin.set(array, 'array-of-tables');
      parent.members.push({ key: last.key, keyStart: last.at, value: array });
    } else if (
      member.value.type === 'array' &&
      this.origin.get(member.value) === 'array-of-tables'
    ) {
      member.value.items.push(obj);
    } else {
      this.fail(
        `[[${keys.map((k) => k.key).join('.')}]] names something that is not an array of tables`,
        start,
      );
    }
    return obj;
  }

  private keyValue(into: JsonObject): void {
    const keys = this.key();
    this.skipWs();
    if (this.text[this.i] !== '=') this.fail(`expected '=' after the key`);
    this.i++;
    this.skipWs();
    const parent = this.descend(into, keys.slice(0, -1), 'dotted');
    const last = keys[keys.length - 1]!;
    if (parent.members.some((m) => m.key === last.key)) {
      this.fail(`key '${keys.map((k) => k.key).join('.')}' is defined twice`, last.at);
    }
    parent.members.push({ key: last.key, keyStart: last.at, value: this.value() });
  }

  /** A dotted key: its parts and where each starts. */
  private key(): { key: string; at: number }[] {
    const parts: { key: string; at: number }[] = [];
    for (;;) {
      this.skipWs();
      const at = this.i;
      const c = this.text[this.i];
      let key: string;
      if (c === '"' || c === "'") {
        if (this.text.startsWith(c.repeat(3), this.i))
          this.fail('a key cannot be a multi-line string');
        key = this.stringValue();
      } else {
        BARE_KEY.lastIndex = this.i;
        const m = BARE_KEY.exec(this.text);
        if (!m) this.fail(`${describe(c)} where a key was expected`);
        key = m[0];
        this.i += key.length;
      }
      parts.push({ key, at });
      this.skipWs();
      if (this.text[this.i] !== '.') return parts;
      this.i++;
    }
  }

  private value(): JsonNode {
    const t = this.text;
    const start = this.i;
    const c = t[this.i];
    if (c === '"' || c === "'")
      return { type: 'string', start, value: this.stringValue(), end: this.i };
    if (c === '[') return this.array();
    if (c === '{') return this.inlineTable();
    for (const word of ['true', 'false'] as const) {
      if (t.startsWith(word, this.i) && !/[A-Za-z0-9_-]/.test(t[this.i + word.length] ?? '')) {
        this.i += word.length;
        return { type: 'boolean', start, value: word === 'true', end: this.i };
      }
    }
    DATETIME.lastIndex = this.i;
    const date = DATETIME.exec(t);
    if (date) {
      this.i += date[0].length;
      return { type: 'string', start, value: date[0], end: this.i };
    }
    NUMBER.lastIndex = this.i;
    const num = NUMBER.exec(t);
    if (num && !/[A-Za-z0-9_.]/.test(t[this.i + num[0].length] ?? '')) {
      this.i += num[0].length;
      return { type: 'number', start, value: tomlNumber(num[0]), end: this.i };
    }
    return this.fail(`${describe(c)} where a value was expected`);
  }

  private array(): JsonNode {
    const start = this.i++;
    const items: JsonNode[] = [];
    for (;;) {
      this.skipWsNl();
      if (this.text[this.i] === ']') break;
      items.push(this.value());
      this.skipWsNl();
      if (this.text[this.i] === ',') {
        this.i++;
        continue;
      }
      if (this.text[this.i] !== ']')
        this.fail(`${describe(this.text[this.i])} where ',' or ']' was expected`);
      break;
    }
    this.i++;
    const node: JsonArray = { type: 'array', start, end: this.i, items };
    this.origin.set(node, 'inline');
    return node;
  }

  private inlineTable(): JsonNode {
    const start = this.i++;
    const obj = this.table(start, 'inline');
    this.skipWsNl();
    if (this.text[this.i] === '}') {
      this.i++;
      obj.end = this.i;
      return obj;
    }
    for (;;) {
      this.skipWsNl();
      this.keyValue(obj);
      this.skipWsNl();
      const c = this.text[this.i];
      if (c === ',') {
        this.i++;
        continue;
      }
      if (c === '}') break;
      this.fail(`${describe(c)} where ',' or '}' was expected`);
    }
    this.i++;
    obj.end = this.i;
    this.closeInline(obj);
    return obj;
  }

  /** Tables made by dotted keys inside an inline table are as closed as the table itself. */
  private closeInline(obj: JsonObject): void {
    this.origin.set(obj, 'inline');
    for (const m of obj.members) if (m.value.type === 'object') this.closeInline(m.value);
  }

  private stringValue(): string {
    const t = this.text;
    const start = this.i;
    const quote = tomlQuoteAt(t, start);
    if (quote.length === 3) {
      let body = this.i + 3;
      if (t[body] === '\n') body++;
      else if (t[body] === '\r' && t[body + 1] === '\n') body += 2;
      let close = t.indexOf(quote, body);
      if (close < 0) this.fail('unterminated multi-line string', start);
      // Up to two quotes right before the closing delimiter belong to the string.
      let extra = 0;
      while (extra < 2 && t[close + 3 + extra] === quote[0]) extra++;
      close += extra;
      this.i = close + 3;
      const raw = t.slice(body, close);
      return quote === "'''" ? raw : this.unescape(raw, body, true);
    }
    let j = this.i + 1;
    for (;;) {
      if (j >= t.length || t[j] === '\n' || t[j] === '\r') this.fail('unterminated string', start);
      if (t[j] === quote) break;
      if (quote === '"' && t[j] === '\\') j++;
      j++;
    }
    this.i = j + 1;
    const raw = t.slice(start + 1, j);
    return quote === "'" ? raw : this.unescape(raw, start + 1, false);
  }

  private unescape(raw: string, at: number, multiline: boolean): string {
    let out = '';
    for (let k = 0; k < raw.length; k++) {
      const c = raw[k]!;
      if (c !== '\\') {
        out += c;
        continue;
      }
      const e = raw[k + 1];
      const simple: Record<string, string> = {
        b: '\b',
        t: '\t',
        n: '\n',
        f: '\f',
        r: '\r',
        '"': '"',
        '\\': '\\',
        e: '\u001b',
      };
      if (e !== undefined && simple[e] !== undefined) {
        out += simple[e];
        k++;
      } else if (e === 'u' || e === 'U') {
        const n = e === 'u' ? 4 : 8;
        const hex = raw.slice(k + 2, k + 2 + n);
        if (!new RegExp(`^[0-9A-Fa-f]{${n}}$`).test(hex)) this.fail('invalid \\u escape', at + k);
        const code = parseInt(hex, 16);
        if (code > 0x10ffff || (code >= 0xd800 && code <= 0xdfff))
          this.fail('escape is not a Unicode scalar value', at + k);
        out += String.fromCodePoint(code);
        k += 1 + n;
      } else if (multiline && /^[ \t]*\r?\n/.test(raw.slice(k + 1))) {
        // A line-ending backslash trims the newline and the whitespace after it.
        k++;
        while (k < raw.length && /[ \t\r\n]/.test(raw[k]!)) k++;
        k--;
      } else {
        this.fail(`invalid escape \\${e ?? ''}`, at + k);
      }
    }
    return out;
  }
}

function tomlNumber(raw: string): number {
  const s = raw.replace(/_/g, '');
  if (/inf$/.test(s)) return s.startsWith('-') ? -Infinity : Infinity;
  if (/nan$/.test(s)) return NaN;
  if (/^0[xob]/.test(s)) return Number(s);
  return Number(s);
}

function describe(c: string | undefined): string {
  return c === undefined ? 'end of file' : `unexpected ${JSON.stringify(c)}`;
}
