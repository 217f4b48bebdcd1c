// Codex's hook review, done the way its /hooks screen does it, through its own app server
// (`codex app-server`, JSON-RPC over stdio): list the hooks Codex sees for a project, and trust
// those that need review (new or modified) by the hash Codex computed for each.
import { spawn } from 'node:child_process';

/**
 * @typedef {{ key: string, eventName: string, command: string | null, currentHash: string,
 *   trustStatus: 'managed' | 'untrusted' | 'trusted' | 'modified', enabled: boolean }} CodexHook
 */

/**
 * Runs `codex app-server` with `env` for one exchange, then stops it.
 * @template T
 * @param {string} bin
 * @param {Record<string, string>} env
 * @param {(call: (method: string, params: unknown) => Promise<any>) => Promise<T>} use
 * @returns {Promise<T>}
 */
async function withAppServer(bin, env, use) {
  const child = spawn(bin, ['app-server'], { env, stdio: ['pipe', 'pipe', 'pipe'] });
  const pending = new Map();
  let buffer = '';
  let stderr = '';
  child.stderr.on('data', (d) => (stderr += d));
  child.stdout.on('data', (d) => {
    buffer += d;
    for (let i = buffer.indexOf('\n'); i >= 0; i = buffer.indexOf('\n')) {
      const message = JSON.parse(buffer.slice(0, i));
      buffer = buffer.slice(i + 1);
      const waiting = pending.get(message.id);
      if (!waiting) continue; // a notification
      pending.delete(message.id);
      if (message.error)
        waiting.reject(new Error(`${waiting.method}: ${JSON.stringify(message.error)}`));
      else waiting.resolve(message.result);
    }
  });
  let id = 0;
  const call = (method, params) =>
    new Promise((resolve, reject) => {
      pending.set(++id, { method, resolve, reject });
      child.stdin.write(JSON.stringify({ id, method, params }) + '\n');
    });
  // Whatever it has not answered when it exits (or is stopped) fails, with what it said.
  const exited = new Promise((resolve) =>
    child.once('exit', () => {
      for (const waiting of pending.values())
        waiting.reject(new Error(`codex app-server exited during ${waiting.method}: ${stderr}`));
      pending.clear();
      resolve(undefined);
    }),
  );
  const timer = setTimeout(() => child.kill('SIGKILL'), 30_000);
  try {
    await call('initialize', { clientInfo: { name: 'hookscope-test', version: '0' } });
    child.stdin.write(JSON.stringify({ method: 'initialized' }) + '\n');
    return await use(call);
  } finally {
    clearTimeout(timer);
    child.kill();
    await exited;
  }
}

/**
 * The hooks Codex sees for `project`.
 * @param {string} bin
 * @param {Record<string, string>} env
 * @param {string} project
 * @returns {Promise<CodexHook[]>}
 */
export function codexHooks(bin, env, project) {
  return withAppServer(bin, env, async (call) => {
    const list = await call('hooks/list', { cwds: [project] });
    return list.data.flatMap((entry) => entry.hooks);
  });
}

/**
 * Trusts every hook of `project` that needs review, as /hooks does when the user trusts them:
 * their current hashes under `hooks.state` of the user's config.toml. Returns the hooks that
 * needed it.
 * @param {string} bin
 * @param {Record<string, string>} env
 * @param {string} project
 * @returns {Promise<CodexHook[]>}
 */
export function trustCodexHooks(bin, env, project) {
  return withAppServer(bin, env, async (call) => {
    const list = await call('hooks/list', { cwds: [project] });
    /** @type {CodexHook[]} */
    const review = list.data
      .flatMap((entry) => entry.hooks)
      .filter((h) => h.trustStatus === 'untrusted' || h.trustStatus === 'modified');
    if (review.length > 0) {
      const value = Object.fromEntries(review.map((h) => [h.key, { trusted_hash: h.currentHash }]));
      await call('config/batchWrite', {
        edits: [{ keyPath: 'hooks.state', value, mergeStrategy: 'upsert' }],
        reloadUserConfig: true,
      });
    }
    return review;
  });
}
