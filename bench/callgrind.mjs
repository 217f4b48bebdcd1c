// Instructions a process executes, counted by valgrind's callgrind: on a shared machine wall time
// is noisy and this count is not (much), so benchmarks print it beside their timings.
import { spawnSync } from 'node:child_process';
import { median } from './stats.mjs';

/** Whether valgrind is installed (the benchmarks leave the count out without it). */
export function hasCallgrind() {
  return spawnSync('valgrind', ['--version']).status === 0;
}

/**
 * The median of three counts of the instructions `argv` executes (its own process; children it
 * starts are not traced). `opts` go to spawnSync (env, input).
 */
export function countInstructions(argv, opts = {}) {
  const counts = [1, 2, 3].map(() => {
    const r = spawnSync(
      'valgrind',
      ['--tool=callgrind', '--callgrind-out-file=/dev/null', ...argv],
      { ...opts, encoding: 'utf8' },
    );
    const m = /Collected : (\d+)/.exec(r.stderr);
    if (r.status !== 0 || !m) {
      throw new Error(`callgrind failed for ${argv.join(' ')}: ${r.stderr.slice(-500)}`);
    }
    return Number(m[1]);
  });
  return median(counts);
}
