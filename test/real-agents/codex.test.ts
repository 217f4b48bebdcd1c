// The real Codex CLI (pinned in scripts/agent-clis.json), headless and offline against a
// stand-in of the Responses API. Its hooks are not exercised yet: Codex runs a hook only after
// the user has trusted that exact definition in its /hooks screen, which a headless run cannot
// do (docs/agents.md); this test keeps the harness honest for that next step.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { codex } from '../support/agents/codex.mjs';
import { agentCli } from '../support/agents/clis.mjs';
import { sessionAgainst, type AgentRun } from '../support/agents/run.mjs';
import { responsesText, startResponsesStandIn } from '../support/model-apis/openai-responses.mjs';
import { tempDir } from '../support/paths.js';

const PROMPT = 'Say hello to the test suite.';
const ANSWER = 'Hello from the stand-in.';

describe('Codex, for real, offline', () => {
  const tmp = tempDir('hookscope-codex-');
  const project = join(tmp.dir, 'project');
  const home = join(tmp.dir, 'home');
  const runs: { run: AgentRun; texts: string[] }[] = [];

  beforeAll(async () => {
    const { bin } = agentCli(codex.cli);
    mkdirSync(project, { recursive: true });
    for (let i = 0; i < 2; i++) {
      const { run, read } = await sessionAgainst(
        codex,
        bin,
        () => startResponsesStandIn({ turns: [{ text: ANSWER }] }),
        (model) => model.responses().map((r) => responsesText(r.body)),
        { project, home, prompt: PROMPT, timeoutMs: 60_000 },
      );
      runs.push({ run, texts: read });
    }
  }, 180_000);

  afterAll(() => tmp.cleanup());

  it('answers from the stand-in, with the prompt sent to it, the same way twice', () => {
    for (const { run, texts } of runs) {
      expect(run.code, run.stderr).toBe(0);
      expect(run.stdout.trim().split('\n').at(-1)).toBe(ANSWER);
      expect(texts).toHaveLength(1);
      expect(texts[0]).toContain(`user: ${PROMPT}`);
    }
    expect(runs[1]!.texts).toEqual(runs[0]!.texts);
  });
});
