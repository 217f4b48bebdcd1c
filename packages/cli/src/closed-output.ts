/**
 * Output to a pipe whose reader has gone (`hookscope install --dry-run | head -1`) is dropped:
 * the command still does its work and exits with its own code, without an EPIPE stack trace.
 * Other write errors are thrown as before.
 */
export function dropOutputToClosedPipes(): void {
  for (const stream of [process.stdout, process.stderr]) {
    stream.on('error', (err: NodeJS.ErrnoException) => {
      if (err.code !== 'EPIPE') throw err;
    });
  }
}
