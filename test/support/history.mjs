// Prometheus history for tests and benchmarks: hookscope metrics as the collector would have
// exposed them, sampled every `step` seconds over a period, written as OpenMetrics text for
// `promtool tsdb create-blocks-from openmetrics`, then turned into TSDB blocks.
// Plain JavaScript so that bench/*.bench.mjs can use it as well as the Vitest tests.
import { execFile } from 'node:child_process';
import { createWriteStream } from 'node:fs';
import { once } from 'node:events';

/** A small seeded PRNG (mulberry32): the same history on every run. */
export function seededRandom(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A log-normal draw with the given median and shape (sigma of the log). */
export function logNormal(rng, median, sigma) {
  const u = Math.max(rng(), 1e-12);
  const v = rng();
  const z = Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
  return median * Math.exp(sigma * z);
}

/**
 * Collects what happened in each step (observations into histograms, increments of counters)
 * and writes the cumulative series. Metric entries come from @hookscope/catalog.
 *
 * Samples are `step` apart from `fineFrom` on and `coarseStep` apart before it: recent history
 * at the resolution reports look at closely, older history thinner (the file stays small).
 */
export class History {
  /**
   * @param {{ start: number, end: number, step: number, coarseStep?: number, fineFrom?: number,
   *   target?: Record<string, string> }} opts times in unix seconds; `target`: the labels
   *   Prometheus adds to what it scrapes (job, instance), on every series
   */
  constructor({ start, end, step, coarseStep = step, fineFrom = start, target = {} }) {
    this.target = target;
    /** @type {number[]} sample times */
    this.times = [];
    for (let t = start; t < fineFrom; t += coarseStep) this.times.push(t);
    for (let t = Math.max(fineFrom, start); t <= end; t += step) this.times.push(t);
    this.steps = this.times.length;
    /** @type {Map<string, { def: any, series: Map<string, any> }>} */
    this.families = new Map();
  }

  /** Time of step i (unix seconds). */
  time(i) {
    return this.times[i];
  }

  /** Seconds covered by step i (since the previous sample). */
  seconds(i) {
    return i > 0 ? this.times[i] - this.times[i - 1] : 0;
  }

  /** Records observations (seconds, ratios, ...) of a histogram series in step i. */
  observe(def, labels, i, values) {
    if (def.type !== 'histogram') throw new Error(`${def.name} is not a histogram`);
    const s = this.#series(def, labels, () => ({
      first: i,
      buckets: new Float64Array(this.steps * (def.buckets.length + 1)),
      sum: new Float64Array(this.steps),
      count: new Float64Array(this.steps),
    }));
    s.first = Math.min(s.first, i);
    const nb = def.buckets.length + 1;
    for (const v of values) {
      let b = def.buckets.findIndex((le) => v <= le);
      if (b < 0) b = nb - 1;
      s.buckets[i * nb + b] += 1;
      s.sum[i] += v;
      s.count[i] += 1;
    }
  }

  /** Adds to a counter series in step i. */
  add(def, labels, i, amount) {
    if (def.type !== 'counter') throw new Error(`${def.name} is not a counter`);
    const s = this.#series(def, labels, () => ({ first: i, inc: new Float64Array(this.steps) }));
    s.first = Math.min(s.first, i);
    s.inc[i] += amount;
  }

  /** A gauge that holds `value` from step 0 on (e.g. the collector's build_info). */
  constant(def, labels, value) {
    if (def.type !== 'gauge') throw new Error(`${def.name} is not a gauge`);
    const s = this.#series(def, labels, () => ({ first: 0, inc: new Float64Array(this.steps) }));
    s.inc[0] = value;
  }

  #series(def, labels, make) {
    for (const l of Object.keys(labels)) {
      if (!def.labels.includes(l)) throw new Error(`${def.name} has no label ${l}`);
    }
    let f = this.families.get(def.name);
    if (!f) this.families.set(def.name, (f = { def, series: new Map() }));
    const key = def.labels.map((l) => labels[l] ?? '').join('\u0000');
    let s = f.series.get(key);
    if (!s) f.series.set(key, (s = { labels, ...make() }));
    return s;
  }

  /**
   * Writes OpenMetrics text: each series from its first step to the end, cumulative.
   * Returns the number of samples written.
   */
  async writeOpenMetrics(file) {
    const out = createWriteStream(file);
    let buf = '';
    let samples = 0;
    const flush = async (force = false) => {
      if (buf.length < 1 << 20 && !force) return;
      if (!out.write(buf)) await once(out, 'drain');
      buf = '';
    };
    for (const { def, series } of this.families.values()) {
      const family = def.type === 'counter' ? def.name.replace(/_total$/, '') : def.name;
      buf += `# TYPE ${family} ${def.type}\n# HELP ${family} ${def.help}\n`;
      for (const s of series.values()) {
        const lbl = (extra) =>
          Object.entries({ ...s.labels, ...this.target, ...extra })
            .map(([k, v]) => `${k}="${String(v).replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`)
            .join(',');
        if (def.type === 'counter' || def.type === 'gauge') {
          // Running totals of the increments (a constant gauge is one increment at step 0).
          let total = 0;
          const l = lbl({});
          for (let i = s.first; i < this.steps; i++) {
            total += s.inc[i];
            buf += `${def.name}{${l}} ${total} ${this.time(i)}\n`;
            samples++;
          }
          await flush();
          continue;
        }
        const nb = def.buckets.length + 1;
        const les = [...def.buckets.map(String), '+Inf'];
        for (let b = 0; b < nb; b++) {
          const l = lbl({ le: les[b] });
          let total = 0;
          for (let i = s.first; i < this.steps; i++) {
            for (let k = 0; k <= b; k++) total += s.buckets[i * nb + k];
            buf += `${def.name}_bucket{${l}} ${total} ${this.time(i)}\n`;
            samples++;
          }
          await flush();
        }
        for (const [suffix, arr] of [
          ['_count', s.count],
          ['_sum', s.sum],
        ]) {
          const l = lbl({});
          let total = 0;
          for (let i = s.first; i < this.steps; i++) {
            total += arr[i];
            buf += `${def.name}${suffix}{${l}} ${+total.toFixed(6)} ${this.time(i)}\n`;
            samples++;
          }
          await flush();
        }
      }
    }
    buf += '# EOF\n';
    await flush(true);
    out.end();
    await once(out, 'finish');
    return samples;
  }
}

/** Runs `promtool tsdb create-blocks-from openmetrics` into `dataDir` (blocks up to 31 days). */
export function createBlocks(openMetricsFile, dataDir) {
  return promtool([
    ...['tsdb', 'create-blocks-from', 'openmetrics', '--quiet', '--max-block-duration=744h'],
    ...[openMetricsFile, dataDir],
  ]);
}

/**
 * Backfills recording rules (`promtool tsdb create-blocks-from rules`) from the history in a
 * running Prometheus, as if they had been evaluated every `evalInterval` from start to end.
 */
export function backfillRules({ url, ruleFiles, start, end, evalInterval, outputDir }) {
  return promtool([
    ...['tsdb', 'create-blocks-from', 'rules', '--quiet', `--url=${url}`],
    ...[`--start=${start}`, `--end=${end}`, `--eval-interval=${evalInterval}`],
    ...[`--output-dir=${outputDir}`, ...ruleFiles],
  ]);
}

function promtool(args) {
  return new Promise((resolve, reject) => {
    execFile('promtool', args, { maxBuffer: 16 << 20, timeout: 120_000 }, (err, _out, stderr) =>
      err ? reject(new Error(`promtool ${args[2]} failed: ${err.message}\n${stderr}`)) : resolve(),
    );
  });
}
