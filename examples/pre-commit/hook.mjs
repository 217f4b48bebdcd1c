#!/usr/bin/env node
// A pre-commit hook instrumented with @hookscope/telemetry. Run from the root of a git repository:
//
//   node hook.mjs          pre-commit: the staged files only
//   node hook.mjs --full   pre-push (or nightly): every file and the full test suite
//
// It runs a cached validator over the changed sources, asks a review agent (a child process) for
// findings, selects the tests the change affects and runs them. The full run reports its failed
// tests, so failures the selection missed are counted. Exit code 1 blocks the commit.
import { execFileSync, spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  ATTR_HOOK_OUTCOME,
  formatTraceparent,
  initTelemetry,
  recordRestart,
  setTokenUsage,
  traceAgent,
  traceCacheLookup,
  traceHook,
  traceTestRun,
  traceTestSelection,
  traceValidation,
} from '@hookscope/telemetry';

const here = dirname(fileURLToPath(import.meta.url));
const full = process.argv.includes('--full');
const state = join('.git', 'hookscope-example');
mkdirSync(state, { recursive: true });

initTelemetry({ serviceName: 'example-pre-commit' });

const readJson = (file, fallback) =>
  existsSync(file) ? JSON.parse(readFileSync(file, 'utf8')) : fallback;
const listFiles = (dir) => (existsSync(dir) ? readdirSync(dir).map((f) => `${dir}/${f}`) : []);
const git = (...args) => execFileSync('git', args, { encoding: 'utf8' });

// --- The validator: every exported function documents its units (`@units`) ---
function checkUnitsDocumented(source) {
  const lines = source.split('\n');
  return lines.every((line, i) => {
    if (!/^export function /.test(line)) return true;
    const doc = lines.slice(Math.max(0, i - 6), i).join('\n');
    return /@units /.test(doc);
  });
}

const validatorCacheFile = join(state, 'validator-cache.json');
function validateCached(files) {
  const cache = readJson(validatorCacheFile, {});
  const failed = [];
  for (const file of files) {
    const key = createHash('sha256').update(readFileSync(file)).digest('hex');
    let ok = traceCacheLookup('units-validator', () => cache[key], {
      bytes: (v) => (v === undefined ? undefined : JSON.stringify(v).length),
    });
    if (ok === undefined) {
      ok = traceValidation('units-documented', () =>
        checkUnitsDocumented(readFileSync(file, 'utf8')),
      );
      cache[key] = ok;
    }
    if (!ok) failed.push(file);
  }
  writeFileSync(validatorCacheFile, JSON.stringify(cache));
  return failed;
}

// --- The review agent: a child process, restarted once if it crashes ---
function runReviewerOnce(diff, traceparent, attempt) {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [join(here, 'reviewer-agent.mjs')], {
      env: { ...process.env, TRACEPARENT: traceparent, EXAMPLE_AGENT_ATTEMPT: String(attempt) },
      stdio: ['pipe', 'pipe', 'inherit'],
    });
    let out = '';
    child.stdout.on('data', (d) => (out += d));
    child.on('close', (code) => resolve(code === 0 ? JSON.parse(out) : undefined));
    child.stdin.end(diff);
  });
}

function review(diff) {
  return traceAgent(
    'code-reviewer',
    async (span) => {
      const traceparent = formatTraceparent(span.spanContext());
      let result = await runReviewerOnce(diff, traceparent, 1);
      if (!result) {
        const started = performance.now();
        result = await runReviewerOnce(diff, traceparent, 2);
        recordRestart({
          processType: 'tactical',
          success: result !== undefined,
          seconds: (performance.now() - started) / 1000,
        });
      }
      if (!result) throw new Error('the review agent failed twice');
      setTokenUsage(span, result);
      return result.findings;
    },
    { model: 'example-reviewer-1', provider: 'example' },
  );
}

// --- Tests: one test per file here; selection maps src/x.mjs to tests/x.test.mjs ---
const timesFile = join(state, 'test-times.json');

function runTestFile(file) {
  return new Promise((resolve) => {
    const started = performance.now();
    const child = spawn(process.execPath, [file], { stdio: 'ignore' });
    child.on('close', (code) =>
      resolve({ file, ok: code === 0, seconds: (performance.now() - started) / 1000 }),
    );
  });
}

async function runTests(files) {
  const results = await Promise.all(files.map(runTestFile));
  const times = readJson(timesFile, {});
  for (const r of results) times[r.file] = r.seconds;
  writeFileSync(timesFile, JSON.stringify(times));
  const failedTestIds = results.filter((r) => !r.ok).map((r) => r.file);
  return {
    passed: results.length - failedTestIds.length,
    failed: failedTestIds.length,
    failedTestIds,
  };
}

function selectTests(changed) {
  const all = listFiles('tests');
  const times = readJson(timesFile, {});
  const selected = all.filter((t) =>
    changed.some((f) => f === t || basename(t) === basename(f).replace(/\.mjs$/, '.test.mjs')),
  );
  return {
    totalTests: all.length,
    selectedTests: selected.length,
    selectedTestIds: selected,
    // Unknown durations count as 1 s until a run has measured them.
    estimatedFullSuiteSeconds: all.reduce((sum, t) => sum + (times[t] ?? 1), 0),
  };
}

const code = await traceHook(full ? 'pre-push' : 'pre-commit', 'quality-gate', async (span) => {
  const changed = full
    ? [...listFiles('src'), ...listFiles('tests')]
    : git('diff', '--cached', '--name-only', '--diff-filter=ACM').split('\n').filter(Boolean);
  const diff = full ? '' : git('diff', '--cached');

  const invalid = validateCached(changed.filter((f) => f.startsWith('src/') && f.endsWith('.mjs')));
  const findings = diff ? await review(diff) : [];

  let results;
  if (full) {
    results = await traceTestRun({ suite: 'unit', mode: 'full' }, () =>
      runTests(listFiles('tests')),
    );
  } else {
    const selection = await traceTestSelection({ suite: 'unit', strategy: 'changed-files' }, () =>
      selectTests(changed),
    );
    results = await traceTestRun({ suite: 'unit', selection }, () =>
      runTests(selection.selectedTestIds),
    );
  }

  for (const f of invalid)
    console.error(`units-documented: ${f}: an exported function lacks @units`);
  for (const f of findings) console.error(`code-reviewer: ${f}`);
  for (const t of results.failedTestIds) console.error(`tests: ${t} failed`);
  const blocked = invalid.length > 0 || results.failed > 0;
  if (blocked) span.setAttribute(ATTR_HOOK_OUTCOME, 'blocked');
  return blocked ? 1 : 0;
});
process.exitCode = code;
