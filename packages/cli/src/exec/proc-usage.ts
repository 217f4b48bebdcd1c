import { readdirSync, readFileSync } from 'node:fs';

/**
 * Resource usage of the hook's process tree, from Linux procfs (elsewhere these return
 * undefined and the span simply has no CPU or memory attributes). Node has no wait4(), so:
 *
 * - CPU: the kernel adds a child's CPU time (and that of every descendant it waited for) to its
 *   parent's `cutime`/`cstime` when the parent reaps it. The wrapper reads its own
 *   /proc/self/stat before spawning and after the hook was reaped; the difference is the hook's.
 *   procfs reports clock ticks (USER_HZ, 100 per second on Linux), so each mode is truncated to
 *   10 ms: it under-reports by less than 10 ms per mode, never over-reports.
 * - Peak memory: the kernel keeps each process's peak RSS (VmHWM in /proc/<pid>/status), but it
 *   is gone once the process exits. The wrapper samples VmHWM of the hook and its descendants
 *   2, 4, 8, 16 and 32 ms after the start, then every 20 ms for the first second and every
 *   100 ms after (each sample reads a few procfs files: a cost paid while the hook runs), and
 *   keeps the largest: like getrusage's ru_maxrss for children, the peak of the
 *   largest single process. Growth in a process's last sampling interval is missed, so this is
 *   a lower bound, and a hook that ends within about 2 ms has no measurement. (Not sampling at
 *   0 ms is deliberate: right after exec a process has almost no memory yet.)
 */

const CLOCK_TICKS_PER_SECOND = 100;

export interface CpuTimes {
  user: number;
  system: number;
}

/** CPU seconds of this process's reaped children so far (cutime, cstime). */
export function childrenCpuSeconds(): CpuTimes | undefined {
  try {
    const stat = readFileSync('/proc/self/stat', 'latin1');
    // Fields after the command name, which may itself hold spaces and parentheses.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const cutime = Number(fields[13]);
    const cstime = Number(fields[14]);
    if (!Number.isFinite(cutime) || !Number.isFinite(cstime)) return undefined;
    return { user: cutime / CLOCK_TICKS_PER_SECOND, system: cstime / CLOCK_TICKS_PER_SECOND };
  } catch {
    return undefined;
  }
}

/** Direct children of a process (every thread's), from /proc/<pid>/task/<tid>/children. */
function childPids(pid: number): number[] {
  const out: number[] = [];
  let tasks: string[];
  try {
    tasks = readdirSync(`/proc/${pid}/task`);
  } catch {
    return out;
  }
  for (const tid of tasks) {
    try {
      for (const p of readFileSync(`/proc/${pid}/task/${tid}/children`, 'latin1').split(' ')) {
        if (p) out.push(Number(p));
      }
    } catch {
      // The thread ended meanwhile.
    }
  }
  return out;
}

/** A process and all its living descendants (bounded, in case of a fork bomb). */
export function processTree(root: number, limit = 256): number[] {
  const seen = [root];
  for (let i = 0; i < seen.length && seen.length < limit; i++) {
    for (const child of childPids(seen[i]!)) if (!seen.includes(child)) seen.push(child);
  }
  return seen;
}

function peakRssBytes(pid: number): number | undefined {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'latin1');
    const m = /\nVmHWM:\s+(\d+) kB/.exec(status);
    return m ? Number(m[1]) * 1024 : undefined;
  } catch {
    return undefined;
  }
}

/** Delays of the first samples (short hooks), then every 20 ms up to 1 s, then every 100 ms. */
const FIRST_DELAYS_MS = [2, 2, 4, 8, 16];
const FAST_SAMPLE_MS = 20;
const SLOW_SAMPLE_MS = 100;
const FAST_PERIOD_MS = 1000;

/** Samples the peak RSS of a process tree until stopped. */
export class PeakRssSampler {
  private maxBytes: number | undefined;
  private timer: NodeJS.Timeout | undefined;
  private readonly started = Date.now();
  private samples = 0;

  constructor(private readonly root: number) {
    this.schedule();
  }

  private schedule(): void {
    const delay =
      FIRST_DELAYS_MS[this.samples] ??
      (Date.now() - this.started < FAST_PERIOD_MS ? FAST_SAMPLE_MS : SLOW_SAMPLE_MS);
    this.timer = setTimeout(() => {
      this.sample();
      this.schedule();
    }, delay);
    this.timer.unref();
  }

  sample(): void {
    this.samples++;
    for (const pid of processTree(this.root)) {
      const rss = peakRssBytes(pid);
      if (rss !== undefined && (this.maxBytes === undefined || rss > this.maxBytes))
        this.maxBytes = rss;
    }
  }

  /** Stops sampling; the largest peak seen, in bytes (undefined without procfs). */
  stop(): number | undefined {
    clearTimeout(this.timer);
    return this.maxBytes;
  }
}
