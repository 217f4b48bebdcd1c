// The real Gemini CLI (pinned in scripts/agent-clis.json), headless and offline against a
// stand-in of the Gemini API. Its hooks are the next step (the adapter exists; this run shows
// the CLI itself works offline here).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { geminiCli } from '../support/agents/gemini-cli.mjs';
import { agentCli } from '../support/agents/clis.mjs';
import { sessionAgainst, type AgentRun } from '../support/agents/run.mjs';
import { geminiText, startGeminiStandIn } from '../support/model-apis/gemini.mjs';
import { tempDir } from '../support/paths.js';

const PROMPT = 'Say hello to the test suite.';
const ANSWER = 'Hello from the stand-in.';

describe('Gemini CLI, for real, offline', () => {
  const tmp = tempDir('hookscope-gemini-');
  const project = join(tmp.dir, 'project');
  const home = join(tmp.dir, 'home');
  let result: { run: AgentRun; texts: string[] };

  beforeAll(async () => {
    const { bin } = agentCli(geminiCli.cli);
    mkdirSync(project, { recursive: true });
    const { run, read } = await sessionAgainst(
      geminiCli,
      bin,
      () => startGeminiStandIn({ turns: [{ text: ANSWER }] }),
      (model) => model.conversation().map((r) => geminiText(r.body)),
      { project, home, prompt: PROMPT, timeoutMs: 90_000 },
    );
    result = { run, texts: read };
  }, 180_000);

  afterAll(() => tmp.cleanup());

  it('answers from the stand-in, with the prompt sent to it', () => {
    expect(result.run.code, result.run.stderr).toBe(0);
    expect(result.run.stdout.trim()).toBe(ANSWER);
    expect(result.texts).toHaveLength(1);
    expect(result.texts[0]).toContain(PROMPT);
  });
});
