// What hookscope adds to each hook as Claude Code itself measures it: the real Claude Code
// (pinned in scripts/agent-clis.json) runs the same session again and again against a local
// stand-in of the Messages API, alternately with its hooks as written and wrapped by
// `hookscope install`, and reports every hook group's `total_duration_ms` in its
// `hook_execution_complete` events, received here over OTLP/JSON. Alternating puts machine noise
// on both alike; the ratio and the difference of medians are the figures.
import { spawnSync } from 'node:child_process';
import { createServer } from 'node:http';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { fmt, median, quantile, table } from './stats.mjs';
import { claudeCode } from '../test/support/agents/claude-code.mjs';
import { agentCli } from '../test/support/agents/clis.mjs';
import { freshHome, freshProject, runAgent } from '../test/support/agents/run.mjs';
import { startAnthropicStandIn } from '../test/support/model-apis/anthropic.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const HOOKSCOPE = join(here, '..', 'packages', 'cli', 'bin', 'hookscope');
const FIXTURE = join(here, '..', 'test', 'real-agents', 'fixtures', 'claude-code');
const SESSIONS = Number(process.env.BENCH_SESSIONS ?? 12);

const SCRIPT = {
  turns: [
    { tool: 'Bash', input: { command: 'echo hello > out.txt', description: 'Write out.txt' } },
    { tool: 'Bash', input: { command: 'rm -rf build', description: 'Remove build/' } },
    { text: 'Done.' },
  ],
};

/** An OTLP/HTTP JSON sink keeping the `hook_execution_complete` events it receives. */
async function startEventSink() {
  const events = [];
  const server = createServer((req, res) => {
    const chunks = [];
    req.on('data', (c) => chunks.push(c));
    req.on('end', () => {
      if (req.url === '/v1/logs') {
        const body = JSON.parse(Buffer.concat(chunks).toString());
        for (const rl of body.resourceLogs ?? [])
          for (const sl of rl.scopeLogs ?? [])
            for (const r of sl.logRecords ?? []) {
              const a = Object.fromEntries(
                (r.attributes ?? []).map((kv) => [kv.key, Object.values(kv.value)[0]]),
              );
              if (a['event.name'] === 'hook_execution_complete') events.push(a);
            }
      }
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end('{}');
    });
  });
  await new Promise((r) => server.listen(0, '127.0.0.1', r));
  return {
    url: `http://127.0.0.1:${server.address().port}`,
    events,
    close: () => new Promise((r) => server.close(r)),
  };
}

export default async function run() {
  const { bin, version } = agentCli(claudeCode.cli);
  const tmp = mkdtempSync(join(tmpdir(), 'hookscope-bench-claude-'));
  const project = join(tmp, 'project');
  const home = join(tmp, 'home');
  const sink = await startEventSink();
  const model = await startAnthropicStandIn(SCRIPT);
  // hook group -> { plain: ms[], wrapped: ms[] }
  const groups = new Map();
  try {
    for (let i = 0; i < 2 * SESSIONS; i++) {
      const wrapped = i % 2 === 1;
      freshProject(FIXTURE, project);
      // The Stop hook of the fixture is one that Claude Code times out after 1 s: left out here.
      const settingsPath = join(project, '.claude', 'settings.json');
      const settings = JSON.parse(readFileSync(settingsPath, 'utf8'));
      delete settings.hooks.Stop;
      writeFileSync(settingsPath, JSON.stringify(settings, null, 2));
      freshHome(claudeCode, home, project);
      if (wrapped) {
        const r = spawnSync(HOOKSCOPE, ['install'], { cwd: project, encoding: 'utf8' });
        if (r.status !== 0) throw new Error(`hookscope install failed: ${r.stderr}`);
      }
      const before = sink.events.length;
      const r = await runAgent(claudeCode, bin, {
        project,
        home,
        prompt: 'Write hello into out.txt, then clean up the build directory.',
        modelUrl: model.url,
        env: {
          HOOKSCOPE_SPOOL_DIR: join(tmp, 'spool'),
          CLAUDE_CODE_ENABLE_TELEMETRY: '1',
          OTEL_LOGS_EXPORTER: 'otlp',
          OTEL_EXPORTER_OTLP_PROTOCOL: 'http/json',
          OTEL_EXPORTER_OTLP_ENDPOINT: sink.url,
          OTEL_LOGS_EXPORT_INTERVAL: '500',
        },
      });
      if (r.code !== 0) throw new Error(`claude exited with ${r.code}: ${r.stderr}`);
      for (const e of sink.events.slice(before)) {
        const key = `${e.hook_event} (${e.hook_name})`;
        if (!groups.has(key)) groups.set(key, { plain: [], wrapped: [] });
        groups.get(key)[wrapped ? 'wrapped' : 'plain'].push(Number(e.total_duration_ms));
      }
      process.stderr.write(wrapped ? 'w' : '.');
    }
  } finally {
    await model.close();
    await sink.close();
    rmSync(tmp, { recursive: true, force: true });
  }
  process.stderr.write('\n');
  const rows = [...groups].map(([key, g]) => {
    const [p, w] = [median(g.plain), median(g.wrapped)];
    return [
      key,
      `${g.plain.length} / ${g.wrapped.length}`,
      `${fmt(p, 0)} (p90 ${fmt(quantile(g.plain, 0.9), 0)})`,
      `${fmt(w, 0)} (p90 ${fmt(quantile(g.wrapped, 0.9), 0)})`,
      fmt(w - p, 0),
      fmt(w / p, 2),
    ];
  });
  return [
    `Claude Code ${version}, ${SESSIONS} sessions as written and ${SESSIONS} wrapped, alternating;`,
    'hook group wall time as Claude Code reports it (`hook_execution_complete.total_duration_ms`), ms:',
    '',
    table(
      [
        'hook group (one command each)',
        'groups plain / wrapped',
        'plain, median',
        'wrapped, median',
        'added, ms',
        'ratio',
      ],
      rows,
    ),
  ].join('\n');
}
