// What the benchmarks that run a real Prometheus share: its launcher from the test support
// (TypeScript, bundled on the fly) and the CPU time a process has used.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { build } from 'esbuild';

const CLK_TCK = Number(execFileSync('getconf', ['CLK_TCK']).toString());

/** The test support's Prometheus launcher (test/support/prometheus.ts), bundled into `dir`. */
export async function importTs(file, dir) {
  const outfile = join(dir, 'support.mjs');
  await build({
    entryPoints: [file],
    bundle: true,
    platform: 'node',
    format: 'esm',
    packages: 'external',
    outfile,
    logLevel: 'silent',
  });
  return import(pathToFileURL(outfile).href);
}

/** User + system CPU seconds of a running process. */
export function cpuSeconds(pid) {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
  return (Number(fields[11]) + Number(fields[12])) / CLK_TCK;
}
