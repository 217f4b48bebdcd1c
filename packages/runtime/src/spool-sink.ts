import type { AttributeValue } from './config.js';
import { encodeExportRequest, encodeKeyValues } from './otlp-json-encode.js';
import type { RecordingSpan, SpanSink } from './span.js';
import type { SpoolWriter } from './spool-writer.js';
import { startOwnWork, stopOwnWork } from './own-time.js';

/** Spans kept in memory at most before a write, and at most kept for retry after failures. */
const MAX_BUFFERED_SPANS = 512;

export interface SpoolStats {
  spansWritten: number;
  spansDropped: number;
  spoolFile: string | undefined;
  lastError: string | undefined;
}

/**
 * Receives finished spans and writes them to the spool. Spans of one hook are buffered and
 * written together when the hook's local root span ends (one line per hook, so one syscall);
 * whoever owns the sink calls `flush()` at exit for anything left.
 */
export class SpoolSink implements SpanSink {
  private buffer: RecordingSpan[] = [];
  /** The resource's attributes, encoded once. */
  private readonly resource: string;
  private closed = false;
  spansWritten = 0;
  spansDropped = 0;

  constructor(
    private readonly writer: SpoolWriter,
    resource: Record<string, AttributeValue>,
  ) {
    this.resource = encodeKeyValues(resource);
  }

  onEnd(span: RecordingSpan): void {
    if (this.closed) {
      this.spansDropped++;
      return;
    }
    this.buffer.push(span);
    const parent = span.parent;
    if (!parent || parent.isRemote || this.buffer.length >= MAX_BUFFERED_SPANS) this.flush();
  }

  /** Writes buffered spans now. Never throws; on failure the spans stay for the next try. */
  flush(): void {
    if (this.buffer.length === 0) return;
    // Encoding and writing is hookscope's own time (monitoring overhead).
    const own = startOwnWork();
    try {
      this.write();
    } finally {
      stopOwnWork(own);
    }
  }

  private write(): void {
    let line: string;
    try {
      line = encodeExportRequest(this.resource, this.buffer);
    } catch {
      this.spansDropped += this.buffer.length;
      this.buffer = [];
      return;
    }
    if (this.writer.write(line)) {
      this.spansWritten += this.buffer.length;
      this.buffer = [];
    } else if (this.buffer.length >= MAX_BUFFERED_SPANS) {
      this.spansDropped += this.buffer.length;
      this.buffer = [];
    }
  }

  shutdown(): void {
    this.flush();
    this.spansDropped += this.buffer.length;
    this.buffer = [];
    this.closed = true;
    this.writer.close();
  }

  stats(): SpoolStats {
    return {
      spansWritten: this.spansWritten,
      spansDropped: this.spansDropped,
      spoolFile: this.writer.file,
      lastError: this.writer.lastError,
    };
  }
}
