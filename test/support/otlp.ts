import { spawnSync } from 'node:child_process';
import { appendFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { spoolFileName } from '@hookscope/catalog';

let seq = 0;
const hex = (n: number, len: number) => n.toString(16).padStart(len, '0');

export interface HookSpanSpec {
  event: string;
  name: string;
  outcome?: string;
  seconds: number;
  /** End time in ms since the epoch; default now. */
  endMs?: number;
}

/** One OTLP/JSON export request (a spool line) holding hook spans. */
export function hookRequest(spans: HookSpanSpec[]): string {
  return JSON.stringify({
    resourceSpans: [
      {
        resource: { attributes: [{ key: 'service.name', value: { stringValue: 'test' } }] },
        scopeSpans: [
          {
            scope: { name: 'test' },
            spans: spans.map((s) => {
              const endNs = BigInt(Math.round((s.endMs ?? Date.now()) * 1e6));
              const startNs = endNs - BigInt(Math.round(s.seconds * 1e9));
              seq++;
              return {
                traceId: hex(seq, 32),
                spanId: hex(seq, 16),
                name: `${s.event} ${s.name}`,
                kind: 1,
                startTimeUnixNano: startNs.toString(),
                endTimeUnixNano: endNs.toString(),
                attributes: [
                  { key: 'hookscope.kind', value: { stringValue: 'hook' } },
                  { key: 'hookscope.hook.event', value: { stringValue: s.event } },
                  { key: 'hookscope.hook.name', value: { stringValue: s.name } },
                  { key: 'hookscope.hook.outcome', value: { stringValue: s.outcome ?? 'success' } },
                ],
              };
            }),
          },
        ],
      },
    ],
  });
}

/** The pid of a process that has exited: spool files named for it count as finished. */
export function deadPid(): number {
  const r = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], {
    encoding: 'utf8',
  });
  return Number(r.stdout);
}

/** A spool file path as a hook process with `pid` on this host would name it. */
export function spoolFile(spoolDir: string, pid: number, tag = 'test'): string {
  return join(spoolDir, spoolFileName(pid, hostname(), Date.now(), tag));
}

/** Appends raw text to a spool file (no newline added). */
export function appendRaw(file: string, text: string): void {
  appendFileSync(file, text);
}
