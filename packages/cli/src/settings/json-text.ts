/**
 * A strict JSON parser that keeps where every value is in the text, so that a settings file can
 * be changed with small text edits that leave everything else (key order, indentation, line
 * endings, spacing) exactly as the user wrote it. Errors name the line and column.
 */

interface Located {
  /** Offset of the value's first character. */
  start: number;
  /** Offset just after the value's last character. */
  end: number;
}

export type JsonNode =
  | (Located & { type: 'object'; members: JsonMember[] })
  | (Located & { type: 'array'; items: JsonNode[] })
  | (Located & { type: 'string'; value: string })
  | (Located & { type: 'number'; value: number })
  | (Located & { type: 'boolean'; value: boolean })
  | (Located & { type: 'null' });

export type JsonObject = Extract<JsonNode, { type: 'object' }>;
export type JsonArray = Extract<JsonNode, { type: 'array' }>;

export interface JsonMember {
  key: string;
  keyStart: number;
  value: JsonNode;
}

export class JsonSyntaxError extends Error {
  constructor(
    readonly reason: string,
    readonly offset: number,
    readonly line: number,
    readonly column: number,
  ) {
    super(`invalid JSON at line ${line}, column ${column}: ${reason}`);
  }
}

export interface JsonTextOptions {
  /** Allow line and block comments (JSONC, as Gemini CLI reads its settings). */
  comments?: boolean;
}

/** Parses `text` (one JSON value, optionally after a byte order mark). */
export function parseJsonText(text: string, options: JsonTextOptions = {}): JsonNode {
  const p = new Parser(text, options.comments === true);
  p.skipWs();
  const value = p.value();
  p.skipWs();
  if (p.i < text.length) p.fail('unexpected text after the end of the JSON value');
  return value;
}

/** The value of `key` in an object (the last one, as JSON.parse keeps when a key repeats). */
export function memberOf(obj: JsonObject, key: string): JsonNode | undefined {
  for (let i = obj.members.length - 1; i >= 0; i--) {
    if (obj.members[i]!.key === key) return obj.members[i]!.value;
  }
  return undefined;
}

/** Line and column (1-based) of an offset. */
export function lineAndColumn(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  for (let i = 0; i < offset && i < text.length; i++) {
    if (text[i] === '\n') {
      line++;
      lineStart = i + 1;
    }
  }
  return { line, column: offset - lineStart + 1 };
}

const NUMBER = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;

class Parser {
  i = 0;
  constructor(
    private readonly text: string,
    private readonly comments = false,
  ) {
    if (text.charCodeAt(0) === 0xfeff) this.i = 1;
  }

  fail(reason: string, at = this.i): never {
    const { line, column } = lineAndColumn(this.text, at);
    throw new JsonSyntaxError(reason, at, line, column);
  }

  skipWs(): void {
    const t = this.text;
    while (this.i < t.length) {
      const c = t[this.i];
      if (c === ' ' || c === '\t' || c === '\n' || c === '\r') this.i++;
      else if (this.comments && c === '/' && t[this.i + 1] === '/') {
        const eol = t.indexOf('\n', this.i);
        this.i = eol < 0 ? t.length : eol + 1;
      } else if (this.comments && c === '/' && t[this.i + 1] === '*') {
        const close = t.indexOf('*/', this.i + 2);
        if (close < 0) this.fail('unterminated comment');
        this.i = close + 2;
      } else break;
    }
  }

  private describe(): string {
    if (this.i >= this.text.length) return 'unexpected end of file';
    return `unexpected character ${JSON.stringify(this.text[this.i])}`;
  }

  value(): JsonNode {
    const t = this.text;
    const start = this.i;
    const c = t[this.i];
    if (c === '{') return this.object();
    if (c === '[') return this.array();
    if (c === '"') return { type: 'string', start, value: this.string(), end: this.i };
    for (const [word, node] of [
      ['true', { type: 'boolean', value: true }],
      ['false', { type: 'boolean', value: false }],
      ['null', { type: 'null' }],
    ] as const) {
      if (t.startsWith(word, this.i)) {
        this.i += word.length;
        return { ...node, start, end: this.i } as JsonNode;
      }
    }
    NUMBER.lastIndex = this.i;
    const m = NUMBER.exec(t);
    if (m) {
      this.i += m[0].length;
      return { type: 'number', start, value: Number(m[0]), end: this.i };
    }
    return this.fail(`${this.describe()} where a value was expected`);
  }

  private string(): string {
    const t = this.text;
    const start = this.i;
    let j = this.i + 1;
    for (;;) {
      if (j >= t.length) this.fail('unterminated string', start);
      const c = t.charCodeAt(j);
      if (c === 0x22) break;
      if (c === 0x5c) j += 2;
      else if (c < 0x20) this.fail('control character in a string (escape it)', j);
      else j++;
    }
    this.i = j + 1;
    try {
      return JSON.parse(t.slice(start, this.i)) as string;
    } catch {
      return this.fail('invalid escape in a string', start);
    }
  }

  private object(): JsonNode {
    const start = this.i++;
    const members: JsonMember[] = [];
    this.skipWs();
    if (this.text[this.i] === '}') {
      this.i++;
      return { type: 'object', start, end: this.i, members };
    }
    for (;;) {
      this.skipWs();
      if (this.text[this.i] !== '"')
        this.fail(`${this.describe()} where a key (a string) was expected`);
      const keyStart = this.i;
      const key = this.string();
      this.skipWs();
      if (this.text[this.i] !== ':') this.fail(`${this.describe()} where ':' was expected`);
      this.i++;
      this.skipWs();
      members.push({ key, keyStart, value: this.value() });
      this.skipWs();
      const c = this.text[this.i];
      if (c === ',') {
        this.i++;
        continue;
      }
      if (c === '}') {
        this.i++;
        return { type: 'object', start, end: this.i, members };
      }
      this.fail(`${this.describe()} where ',' or '}' was expected`);
    }
  }

  private array(): JsonNode {
    const start = this.i++;
    const items: JsonNode[] = [];
    this.skipWs();
    if (this.text[this.i] === ']') {
      this.i++;
      return { type: 'array', start, end: this.i, items };
    }
    for (;;) {
      this.skipWs();
      items.push(this.value());
      this.skipWs();
      const c = this.text[this.i];
      if (c === ',') {
        this.i++;
        continue;
      }
      if (c === ']') {
        this.i++;
        return { type: 'array', start, end: this.i, items };
      }
      this.fail(`${this.describe()} where ',' or ']' was expected`);
    }
  }
}
