// Runs the benchmarks (`bench/*.bench.mjs`, or those named on the command line) one after the
// other and prints each one's Markdown table. Record the numbers in docs/performance.md.
import { readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const wanted = process.argv.slice(2);
const files = readdirSync(here)
  .filter((f) => f.endsWith('.bench.mjs'))
  .filter((f) => wanted.length === 0 || wanted.some((w) => f.includes(w)))
  .sort();
if (files.length === 0) {
  console.error(`no benchmark matches ${wanted.join(' ')}; have: ${readdirSync(here).join(', ')}`);
  process.exit(2);
}
for (const file of files) {
  process.stderr.write(`\n== ${file}\n`);
  const mod = await import(pathToFileURL(join(here, file)).href);
  const markdown = await mod.default();
  process.stdout.write(`\n${markdown.trim()}\n`);
}
