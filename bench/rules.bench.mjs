// Rules as code: how long generating takes, and how long promtool takes to check and
// unit-test the generated rules: the cost of `hookscope generate --check` and of the rule tests in
// every CI run. Medians over a few runs, side by side in one run.
import { execFileSync, spawnSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { defaultConfig } from '@hookscope/config';
import { prometheusArtifacts, ruleFiles } from '@hookscope/mixin';
import { fmt, median, table } from './stats.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const HOOKSCOPE_BIN = join(root, 'packages', 'cli', 'dist', 'main.js');
const RUNS = Number(process.env.BENCH_RUNS ?? 5);

// CPU time of finished child processes, from /proc (Linux): unlike wall time, it does not grow
// when other work shares the machine.
const CLK_TCK = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }));
function childCpuMs() {
  const fields = readFileSync('/proc/self/stat', 'utf8').split(') ')[1].split(' ');
  return ((Number(fields[13]) + Number(fields[14])) / CLK_TCK) * 1000; // cutime + cstime
}

/** Median wall time and child CPU time (ms) of `fn` over `runs` runs. */
function time(fn, runs = RUNS) {
  const wall = [];
  const cpu = [];
  for (let i = 0; i < runs; i++) {
    const [t0, c0] = [performance.now(), childCpuMs()];
    fn();
    wall.push(performance.now() - t0);
    cpu.push(childCpuMs() - c0);
  }
  return { wall: median(wall), cpu: median(cpu) };
}

function run(cmd, args) {
  const r = spawnSync(cmd, args, { cwd: root, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} failed: ${r.stdout}${r.stderr}`);
}

export default async function rules() {
  const config = defaultConfig();
  const files = ruleFiles(config);
  const all = files.flatMap((f) => f.groups.flatMap((g) => g.rules));
  const alerts = all.filter((r) => 'alert' in r).length;
  const rows = [];
  const row = (step, t) => rows.push([step, fmt(t.wall, 0), fmt(t.cpu, 0)]);

  process.stderr.write('rules: generating\n');
  prometheusArtifacts(config); // warm
  const inProcess = time(() => prometheusArtifacts(config), 20);
  rows.push(['generate in process (`prometheusArtifacts`)', fmt(inProcess.wall, 1), '-']);
  row(
    '`hookscope generate --check` (whole command)',
    time(() => run(process.execPath, [HOOKSCOPE_BIN, 'generate', '--check'])),
  );

  const ruleDir = join(root, 'prometheus', 'rules');
  process.stderr.write('rules: promtool check\n');
  row(
    '`promtool check rules`, all files',
    time(() =>
      run('promtool', ['check', 'rules', ...readdirSync(ruleDir).map((f) => join(ruleDir, f))]),
    ),
  );

  const testDir = join(root, 'prometheus', 'tests');
  const tests = readdirSync(testDir)
    .filter((f) => f.endsWith('.test.yml'))
    .sort();
  const total = { wall: 0, cpu: 0 };
  for (const t of tests) {
    process.stderr.write(`rules: promtool test ${t}\n`);
    const m = time(() => run('promtool', ['test', 'rules', join(testDir, t)]), 3);
    total.wall += m.wall;
    total.cpu += m.cpu;
    row(`\`promtool test rules\` ${t}`, m);
  }
  row('`promtool test rules`, all files (sum)', total);

  const promtool = execFileSync('promtool', ['--version'], { encoding: 'utf8' }).split('\n')[0];
  const load = readFileSync('/proc/loadavg', 'utf8').split(' ')[0];
  return [
    `### Rules: generation and promtool`,
    '',
    `${files.length} rule files, ${all.length} rules (${alerts} alerts); ${promtool}; load average ${load} when measured (wall time grows with load, CPU time does not).`,
    '',
    table(['step', 'median wall ms', 'median CPU ms'], rows),
  ].join('\n');
}
