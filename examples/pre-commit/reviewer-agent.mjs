#!/usr/bin/env node
// A small review agent, run by hook.mjs as a child process. It reads a diff on stdin, talks to its
// "model" in two turns (plan, then review), compresses its context in between, and prints its
// findings as JSON. Its spans join the hook's trace through TRACEPARENT (set by the hook).
//
// There is no model API here: `callModel` stands in for one (it answers from simple rules, with a
// latency that grows with the prompt). Replace it with a real client and keep the recording.
import { randomUUID } from 'node:crypto';
import { initTelemetry, recordCompression, recordConversationExchange } from '@hookscope/telemetry';

const MODEL = 'example-reviewer-1';
const PROCESS_TYPE = 'tactical';

// A crash on the first start, to show restart tracking (the hook restarts the agent).
if (
  process.env.EXAMPLE_AGENT_CRASH_ON_FIRST_START === '1' &&
  process.env.EXAMPLE_AGENT_ATTEMPT === '1'
) {
  process.stderr.write('reviewer-agent: lost connection to the model, exiting\n');
  process.exit(75);
}

initTelemetry({ serviceName: 'example-reviewer-agent' });
const conversationId = randomUUID(); // on spans only, never a label

const tokens = (text) => Math.ceil(text.length / 4);
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

async function callModel(turn, prompt, context) {
  const started = performance.now();
  await sleep(20 + tokens(prompt) / 20);
  const lines = prompt.split('\n').filter((l) => l.startsWith('+') && !l.startsWith('+++'));
  const answer =
    turn === 1
      ? `Plan: read ${lines.length} added lines; check for leftover debugging and TODOs.`
      : lines
          .filter((l) => /console\.log|TODO|debugger/.test(l))
          .map((l) => `finding: ${l.slice(1).trim()}`)
          .join('\n');
  recordConversationExchange({
    processType: PROCESS_TYPE,
    model: MODEL,
    conversationId,
    turn,
    responseSeconds: (performance.now() - started) / 1000,
    inputTokens: tokens(prompt),
    outputTokens: tokens(answer),
    contextTokens: tokens(context),
  });
  return answer;
}

let diff = '';
for await (const chunk of process.stdin) diff += chunk;

const system = 'You review staged changes of a physics code base for leftover debugging code.';
const plan = await callModel(1, `${system}\n${diff}`, `${system}\n${diff}`);

// Compress the context before the second turn: keep the plan and the changed lines only.
const history = `${system}\n${diff}\n${plan}`;
const started = performance.now();
const changed = diff.split('\n').filter((l) => /^[+-](?![+-])/.test(l));
const compressed = `${system}\n${plan}\n${changed.join('\n')}`;
recordCompression({
  processType: PROCESS_TYPE,
  trigger: 'auto',
  conversationId,
  beforeTokens: tokens(history),
  afterTokens: tokens(compressed),
  seconds: (performance.now() - started) / 1000,
  // Critical information: every added line must survive the compression.
  criticalInfoPreserved: diff
    .split('\n')
    .filter((l) => l.startsWith('+') && !l.startsWith('+++'))
    .every((l) => compressed.includes(l)),
});

const review = await callModel(2, compressed, compressed);
const findings = review ? review.split('\n') : [];
process.stdout.write(
  JSON.stringify({ findings, inputTokens: tokens(diff), outputTokens: tokens(review) }) + '\n',
);
