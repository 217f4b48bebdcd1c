import { existsSync, readFileSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { hostname } from 'node:os';
import { join } from 'node:path';
import {
  remoteWriteSecretFiles,
  resolveConfigPath,
  splitAddress,
  type HookscopeConfig,
} from '@hookscope/config';
import { REMOTE_WRITE_AGENT_CONFIG_PATH, remoteWriteAgentFlags } from '@hookscope/mixin';
import type { Component } from './components.js';
import { httpUrl } from './ports.js';
import type { StackContext, StackService } from './stack-services.js';

/**
 * The remote-write agent `hookscope up` runs when the config has remote_write: vmagent scraping
 * the collector and sending every sample, labelled with this machine's identity, to the central
 * store, with a disk buffer under <state>/remote-write. Hooks never wait for it: they write the
 * spool, the collector reads it, and the agent only reads the collector.
 */
export const VMAGENT: Component = {
  name: 'vmagent (the remote-write agent)',
  executables: ['vmagent'],
  env: 'HOOKSCOPE_VMAGENT_BIN',
  install: [
    'Debian/Ubuntu: sudo apt-get install victoria-metrics   (or ./scripts/bootstrap.sh)',
    'macOS:         brew install victoriametrics',
    'other:         https://docs.victoriametrics.com/vmagent/ (put `vmagent` on PATH)',
  ],
};

const LABEL_VALUE = /[^A-Za-z0-9._-]/g;

/** This machine's name at the center: identity.host, else the hostname made a valid label value. */
export function machineName(config: HookscopeConfig): string {
  const configured = config.remote_write?.identity.host;
  if (configured) return configured;
  const name = hostname().split('.')[0]!.replace(LABEL_VALUE, '-').slice(0, 63);
  return /^[A-Za-z0-9]/.test(name) ? name : `host-${name}`;
}

export const remoteWriteAgent: StackService = {
  name: 'remote-write',
  needs: VMAGENT,
  enabled: (config) => config.remote_write !== undefined,
  plan(ctx: StackContext, bin: string) {
    const rw = ctx.config.remote_write!;
    const missing = remoteWriteSecretFiles(rw).filter(
      (s) => !existsSync(resolveConfigPath({ dir: ctx.projectDir }, s.path)),
    );
    if (missing.length) {
      return missing
        .map(
          (s) =>
            `${s.key}: ${s.path} does not exist (relative to ${ctx.projectDir}). Create it, readable by you only:\n` +
            `  mkdir -p secrets && chmod 700 secrets && printf '%s' '<the secret>' > ${s.path} && chmod 600 ${s.path}`,
        )
        .join('\n\n');
    }
    const { host, port } = splitAddress(rw.agent_address);
    const url = httpUrl(host, port);
    return {
      listens: [
        {
          address: rw.agent_address,
          what: 'the remote-write agent (vmagent)',
          change:
            'change remote_write.agent_address in hookscope.config.yaml (or stop the vmagent running there)',
          systemService: 'victoria-metrics',
        },
      ],
      urls: [
        {
          key: 'remoteWrite',
          label: 'remote write',
          url: `${url}/metrics`,
          note: `sends to ${rw.url} as host=${machineName(ctx.config)}`,
        },
      ],
      command: bin,
      args: remoteWriteAgentFlags(ctx.config, {
        host: machineName(ctx.config),
        bufferDir: join(ctx.stateDir, 'remote-write'),
        scrapeConfig: join(ctx.files.dir, REMOTE_WRITE_AGENT_CONFIG_PATH),
        resolvePath: (p) => resolveConfigPath({ dir: ctx.projectDir }, p),
      }),
      healthUrl: `${url}/health`,
    };
  },
};

export interface EndpointCheck {
  ok: boolean;
  /** One line for the user: what happened at which URL, and the fix. */
  message: string;
}

/**
 * Sends an empty remote-write request (a snappy-compressed empty WriteRequest, which every
 * receiver accepts and which stores nothing) with the configured credentials and TLS, and says
 * what the answer means. Never throws; a failure is a message, not a reason to stop.
 */
export async function checkEndpoint(
  config: HookscopeConfig,
  projectDir: string,
  timeoutMs = 5000,
): Promise<EndpointCheck> {
  const rw = config.remote_write;
  if (!rw) return { ok: true, message: 'remote write is not configured' };
  const read = (p: string) => readFileSync(resolveConfigPath({ dir: projectDir }, p), 'utf8');
  const headers: Record<string, string> = {
    'Content-Type': 'application/x-protobuf',
    'Content-Encoding': 'snappy',
    'X-Prometheus-Remote-Write-Version': '0.1.0',
  };
  const url = new URL(rw.url);
  let tls = {};
  try {
    if (rw.basic_auth) {
      const secret = `${rw.basic_auth.username}:${read(rw.basic_auth.password_file).trim()}`;
      headers['Authorization'] = `Basic ${Buffer.from(secret).toString('base64')}`;
    } else if (rw.bearer_token_file) {
      headers['Authorization'] = `Bearer ${read(rw.bearer_token_file).trim()}`;
    }
    if (rw.tls) {
      tls = {
        ...(rw.tls.ca_file ? { ca: read(rw.tls.ca_file) } : {}),
        ...(rw.tls.cert_file ? { cert: read(rw.tls.cert_file) } : {}),
        ...(rw.tls.key_file ? { key: read(rw.tls.key_file) } : {}),
        ...(rw.tls.server_name ? { servername: rw.tls.server_name } : {}),
        rejectUnauthorized: !rw.tls.insecure_skip_verify,
      };
    }
  } catch (err) {
    return {
      ok: false,
      message: `cannot read a file remote_write names: ${(err as Error).message}`,
    };
  }
  // Snappy's block format of zero bytes: the length 0 as a varint.
  const body = Buffer.from([0]);
  const answer = await new Promise<{ status?: number; text: string; error?: string }>((resolve) => {
    const send = url.protocol === 'https:' ? httpsRequest : httpRequest;
    const req = send(url, { method: 'POST', headers, timeout: timeoutMs, ...tls }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (d: string) => (text = (text + d).slice(0, 200)));
      res.on('end', () => resolve({ status: res.statusCode, text: text.trim() }));
      res.on('error', (e) => resolve({ text: '', error: e.message }));
    });
    req.on('timeout', () => req.destroy(new Error(`no answer within ${timeoutMs / 1000} s`)));
    req.on('error', (e: NodeJS.ErrnoException) =>
      resolve({ text: '', error: e.code ? `${e.code}: ${e.message}` : e.message }),
    );
    req.end(body);
  });
  return explain(
    rw.url,
    answer,
    rw.basic_auth ? 'basic_auth' : rw.bearer_token_file ? 'token' : undefined,
  );
}

const BUFFERED =
  'Hooks are not affected; samples wait in the disk buffer and are sent once it answers';

function explain(
  url: string,
  a: { status?: number; text: string; error?: string },
  auth: 'basic_auth' | 'token' | undefined,
): EndpointCheck {
  const said = a.text ? `: ${a.text.split('\n')[0]}` : '';
  if (a.status !== undefined && a.status >= 200 && a.status < 300)
    return { ok: true, message: `remote write to ${url}: accepted (HTTP ${a.status})` };
  let fix: string;
  if (a.status === 401 || a.status === 403) {
    fix = auth
      ? `the credentials are refused: check ${auth === 'basic_auth' ? 'remote_write.basic_auth (username, and the password in password_file)' : 'the token in remote_write.bearer_token_file'}`
      : 'the endpoint wants credentials: set remote_write.basic_auth or remote_write.bearer_token_file (files under secrets/)';
  } else if (a.status === 404 || a.status === 405) {
    fix =
      'no remote-write receiver at this path: VictoriaMetrics and Prometheus (started with --web.enable-remote-write-receiver) take /api/v1/write, Mimir /api/v1/push, Thanos Receive /api/v1/receive';
  } else if (a.status !== undefined && a.status >= 500) {
    fix = 'the central store fails: see its logs, or ask whoever runs it';
  } else if (a.status !== undefined) {
    fix = 'the endpoint does not take Prometheus remote write here: check remote_write.url';
  } else {
    fix =
      'unreachable: is the central store up, and is remote_write.url right (host, port, http or https)?';
  }
  const what = a.status !== undefined ? `HTTP ${a.status}${said}` : a.error;
  return {
    ok: false,
    message: `remote write to ${url} fails (${what}): ${fix}${/[.?]$/.test(fix) ? '' : '.'} ${BUFFERED}; remote_write keys: docs/teams.md`,
  };
}

/**
 * Checks the endpoint now and every `intervalMs`, reporting the first result and each change
 * (failing -> accepted and back) through `report`. Returns a function that stops watching.
 */
export function watchEndpoint(
  config: HookscopeConfig,
  projectDir: string,
  report: (check: EndpointCheck) => void,
  intervalMs = 60_000,
): () => void {
  let last: string | undefined;
  let stopped = false;
  const once = async () => {
    const check = await checkEndpoint(config, projectDir);
    if (stopped) return;
    const key = check.ok ? 'ok' : check.message;
    if (key !== last) report(check);
    last = key;
  };
  void once();
  const timer = setInterval(() => void once(), intervalMs);
  timer.unref();
  return () => {
    stopped = true;
    clearInterval(timer);
  };
}
