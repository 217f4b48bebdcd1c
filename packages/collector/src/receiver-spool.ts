import { basename } from 'node:path';
import { RECEIVER_SPOOL_TAG, SpoolWriter } from '@hookscope/runtime';
import { OTLP_JSON_LAYOUT } from './otlp-json-decode.js';

/** An OTLP/JSON export request: one object with one resource array. */
export type ExportRequest = Record<string, unknown>;

const NEWLINE = 0x0a;

/**
 * Where the OTLP receiver puts what it accepts before it answers: the collector's own spool file,
 * written synchronously with the same writer hooks use, and read back by the spool reader like
 * any other (so received spans are derived on exactly one path, and counted once). A request too
 * long for one spool line is split into several requests, each with its resource and scope.
 * Files are rotated after `rotateBytes`; `closedFiles` tells the reader which of this process's
 * files will not grow any more and may be removed once consumed.
 */
export class ReceiverSpool {
  private writer: SpoolWriter;
  readonly closedFiles = new Set<string>();

  constructor(
    private readonly dir: string,
    private readonly maxLineBytes: number,
    private readonly rotateBytes = 64 * 1024 * 1024,
  ) {
    this.writer = new SpoolWriter(dir, RECEIVER_SPOOL_TAG);
  }

  /** The file being written (a spool file name), if any. */
  get currentFile(): string | undefined {
    return this.writer.file && basename(this.writer.file);
  }

  /**
   * Appends a request; returns an error message when it could not be written in full (then the
   * request must not be acknowledged), or when one item alone exceeds the line limit. `json` is
   * the request's own JSON text when there is one: written as it is if it fits on one line.
   */
  append(request: ExportRequest, json?: Buffer): string | undefined {
    const lines: string[] = [];
    if (json && json.length <= this.maxLineBytes && !json.includes(NEWLINE)) {
      lines.push(json.toString('utf8'));
    } else {
      const tooLong = splitToLines(request, this.maxLineBytes, lines);
      if (tooLong) return tooLong;
    }
    for (const line of lines) {
      const file = this.currentFile;
      if (!this.writer.write(line)) {
        // The writer closed the file (it may end in a partial line, which the reader skips).
        if (file) this.closedFiles.add(file);
        return `cannot write to the spool ${this.dir}: ${this.writer.lastError}`;
      }
    }
    if (this.writer.bytesWritten >= this.rotateBytes) this.rotate();
    return undefined;
  }

  /** Closes the current file; the next append starts a new one. */
  rotate(): void {
    const file = this.currentFile;
    this.writer.close();
    if (file) this.closedFiles.add(file);
    this.writer = new SpoolWriter(this.dir, RECEIVER_SPOOL_TAG);
  }

  close(): void {
    this.rotate();
  }
}

/**
 * JSON lines for a request: the request itself when it fits, else halves of its items (spans,
 * metrics or log records), recursively. Returns an error when a single item does not fit.
 */
function splitToLines(request: ExportRequest, maxBytes: number, out: string[]): string | undefined {
  const line = JSON.stringify(request);
  if (Buffer.byteLength(line) <= maxBytes) {
    out.push(line);
    return undefined;
  }
  const items = flatten(request);
  if (items.length <= 1)
    return `one item of the request is longer than the spool line limit (${maxBytes} bytes)`;
  const half = Math.ceil(items.length / 2);
  return (
    splitToLines(rebuild(items.slice(0, half)), maxBytes, out) ??
    splitToLines(rebuild(items.slice(half)), maxBytes, out)
  );
}

type Layout = (typeof OTLP_JSON_LAYOUT)[keyof typeof OTLP_JSON_LAYOUT];
type Json = Record<string, unknown>;

interface Item {
  layout: Layout;
  resource: Json;
  scope: Json;
  item: unknown;
}

/** Every item with its resource and scope objects (the request was validated before). */
function flatten(request: ExportRequest): Item[] {
  const items: Item[] = [];
  for (const layout of Object.values(OTLP_JSON_LAYOUT)) {
    for (const resource of (request[layout.resources] as Json[] | undefined) ?? []) {
      for (const scope of (resource[layout.scopes] as Json[] | undefined) ?? []) {
        for (const item of (scope[layout.items] as unknown[] | undefined) ?? []) {
          items.push({ layout, resource, scope, item });
        }
      }
    }
  }
  return items;
}

/** A request holding these items, grouped back under their (shared) resource and scope objects. */
function rebuild(items: Item[]): ExportRequest {
  const out: Record<string, Json[]> = {};
  let lastResource: Json | undefined;
  let lastScope: Json | undefined;
  let resourceCopy: Json = {};
  let scopeList: unknown[] = [];
  for (const { layout, resource, scope, item } of items) {
    if (resource !== lastResource) {
      resourceCopy = { ...resource, [layout.scopes]: [] };
      (out[layout.resources] ??= []).push(resourceCopy);
      lastResource = resource;
      lastScope = undefined;
    }
    if (scope !== lastScope) {
      scopeList = [];
      (resourceCopy[layout.scopes] as unknown[]).push({ ...scope, [layout.items]: scopeList });
      lastScope = scope;
    }
    scopeList.push(item);
  }
  return out;
}
