/** One sample of a Prometheus text exposition. */
export interface Sample {
  name: string;
  labels: Record<string, string>;
  value: number;
}

/** Reads a /metrics page into samples (comments skipped, label values unescaped). */
export async function scrape(url: string): Promise<Sample[]> {
  const text = await (await fetch(url)).text();
  const samples: Sample[] = [];
  for (const line of text.split('\n')) {
    if (!line || line.startsWith('#')) continue;
    const m = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})? (\S+)/.exec(line);
    if (!m) continue;
    const labels: Record<string, string> = {};
    for (const l of (m[2] ?? '').matchAll(/([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"/g)) {
      labels[l[1]!] = l[2]!.replace(/\\n/g, '\n').replace(/\\(.)/g, '$1');
    }
    samples.push({ name: m[1]!, labels, value: Number(m[3]) });
  }
  return samples;
}

/**
 * Sums samples of `name` by the given labels: `{ 'a/b': 3 }` for by = ['x', 'y']. Samples that
 * do not match every label in `where` are left out.
 */
export function sumBy(
  samples: Sample[],
  name: string,
  by: string[],
  where: Record<string, string> = {},
): Record<string, number> {
  const out: Record<string, number> = {};
  for (const s of samples) {
    if (s.name !== name) continue;
    if (Object.entries(where).some(([k, v]) => s.labels[k] !== v)) continue;
    const key = by.map((l) => s.labels[l] ?? '').join('/');
    out[key] = (out[key] ?? 0) + s.value;
  }
  return out;
}
