/**
 * A one-line progress display on a terminal ("querying Prometheus 12/40 (hook baseline)"),
 * redrawn in place and cleared when done. Off when the stream is not a TTY (pipes, CI logs).
 */
export interface Progress {
  update(done: number, total: number, what: string): void;
  done(): void;
}

export function terminalProgress(
  stream: NodeJS.WriteStream,
  prefix: string,
  minIntervalMs = 80,
): Progress {
  if (!stream.isTTY) return { update: () => undefined, done: () => undefined };
  let last = 0;
  let shown = false;
  return {
    update(done, total, what) {
      const now = Date.now();
      if (done < total && now - last < minIntervalMs) return;
      last = now;
      // A pseudo-terminal may report 0 columns (e.g. under script(1)): assume 80.
      const width = (stream.columns || 80) - 1;
      const line = `${prefix} ${done}/${total} (${what})`.slice(0, width);
      stream.write(`\r\x1b[2K${line}`);
      shown = true;
    },
    done() {
      if (shown) stream.write('\r\x1b[2K');
      shown = false;
    },
  };
}
