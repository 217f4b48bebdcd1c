import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { promisify } from 'node:util';
import { gunzip } from 'node:zlib';
import type { OtlpSignal } from '@hookscope/catalog';
import {
  decodeProtobufRequest,
  encodeProtobufResponse,
  encodeProtobufStatus,
  REJECTED_FIELD,
} from './otlp-proto.js';
import { httpServerOptions } from './http-timeouts.js';
import { jsonTooDeep, MAX_JSON_DEPTH, valueTooDeep } from './json-depth.js';
import { OTLP_JSON_LAYOUT } from './otlp-json-decode.js';
import type { ExportRequest } from './receiver-spool.js';

const gunzipAsync = promisify(gunzip);

/** Endpoint paths of OTLP/HTTP and the signal each receives. */
export const OTLP_PATHS: Readonly<Record<string, OtlpSignal>> = {
  '/v1/traces': 'traces',
  '/v1/metrics': 'metrics',
  '/v1/logs': 'logs',
};

/** Top-level array of each signal's export request, in OTLP/JSON. */
const RESOURCE_KEY = {
  traces: OTLP_JSON_LAYOUT.traces.resources,
  metrics: OTLP_JSON_LAYOUT.metrics.resources,
  logs: OTLP_JSON_LAYOUT.logs.resources,
};

export type Encoding = 'json' | 'protobuf';

export type AcceptResult =
  | { ok: true; rejected: number; message: string }
  | { ok: false; status: 400 | 413 | 503; message: string };

export interface ReceiverHandlers {
  /**
   * Validates and spools a decoded request; called only for well-formed bodies. `json` is the
   * body as received when it is JSON the request stands for unchanged (it may be spooled as it
   * is, saving a re-encoding).
   */
  accept(signal: OtlpSignal, request: ExportRequest, json: Buffer | undefined): AcceptResult;
  /** Every answered request, for the request counter. */
  answered(signal: OtlpSignal | 'other', encoding: Encoding | 'other', code: number): void;
  /** A client error worth a log line (the caller rate-limits). */
  clientError(signal: OtlpSignal | 'other', code: number, message: string): void;
}

export interface ReceiverOptions {
  host: string;
  port: number;
  /** Longest body accepted, compressed and uncompressed. */
  maxBodyBytes: number;
  /** Bytes of request bodies held at once across connections; beyond it requests get 503. */
  maxInflightBytes: number;
  /** Time a client has to send its request headers (see http-timeouts.ts). */
  headersTimeoutMs: number;
}

/** gRPC status codes for the google.rpc.Status error body. */
const RPC_CODE: Record<number, number> = { 400: 3, 404: 12, 405: 12, 413: 8, 415: 3, 503: 14 };

class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly close = false,
  ) {
    super(message);
  }
}

/**
 * The OTLP/HTTP receiver: POST /v1/traces, /v1/metrics and /v1/logs with `application/json` or
 * `application/x-protobuf` bodies, plain or gzip. It answers as the OTLP/HTTP specification
 * says: 200 with an export response (a partial success when items were rejected), 400 for a
 * malformed body, 413 for one over the limit, 415 for an unsupported content type or encoding,
 * 503 with Retry-After when it cannot take the request now. Bodies are counted while they
 * stream in, never buffered past the limit, and decompression is bounded by the same limit.
 */
export function startOtlpReceiver(
  opts: ReceiverOptions,
  handlers: ReceiverHandlers,
): Promise<Server> {
  let inflight = 0;

  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    const signal = OTLP_PATHS[(req.url ?? '/').split('?')[0]!];
    let encoding: Encoding | undefined;
    let status = 200;
    let held = 0;
    const reserve = (n: number) => {
      if (inflight + n > opts.maxInflightBytes) {
        throw new HttpError(503, 'too many request bytes in flight: retry later', true);
      }
      inflight += n;
      held += n;
    };
    try {
      if (!signal)
        throw new HttpError(
          404,
          'not found: OTLP/HTTP takes POST /v1/traces, /v1/metrics and /v1/logs',
          true,
        );
      if (req.method !== 'POST')
        throw new HttpError(405, `${req.method} is not allowed: OTLP/HTTP takes POST`, true);
      encoding = encodingOf(req.headers['content-type']);
      if (!encoding) {
        throw new HttpError(
          415,
          `unsupported Content-Type '${req.headers['content-type'] ?? ''}': use application/json or application/x-protobuf`,
          true,
        );
      }
      const contentEncoding = (req.headers['content-encoding'] ?? 'identity').trim().toLowerCase();
      if (contentEncoding !== 'gzip' && contentEncoding !== 'identity' && contentEncoding !== '') {
        throw new HttpError(
          415,
          `unsupported Content-Encoding '${contentEncoding}': use gzip or none`,
          true,
        );
      }
      const declared = Number(req.headers['content-length']);
      if (declared > opts.maxBodyBytes) throw tooLarge(opts.maxBodyBytes);

      let body = await readBody(req, opts.maxBodyBytes, reserve);
      if (contentEncoding === 'gzip') {
        try {
          body = await gunzipAsync(body, { maxOutputLength: opts.maxBodyBytes });
        } catch (err) {
          if (
            (err as NodeJS.ErrnoException).code === 'ERR_BUFFER_TOO_LARGE' ||
            err instanceof RangeError
          ) {
            throw tooLarge(opts.maxBodyBytes, 'once decompressed');
          }
          throw new HttpError(400, `the body is not valid gzip: ${(err as Error).message}`);
        }
        reserve(body.length);
      }
      const { request, asReceived } = decode(signal, encoding, body);
      const result = handlers.accept(signal, request, asReceived ? body : undefined);
      if (!result.ok) throw new HttpError(result.status, result.message);
      respond(res, signal, encoding, 200, result);
    } catch (err) {
      const e =
        err instanceof HttpError
          ? err
          : new HttpError(500, `internal error: ${(err as Error).message}`);
      status = e.status;
      if (e.status < 500 && e.status !== 503)
        handlers.clientError(signal ?? 'other', e.status, e.message);
      if (!res.headersSent && !res.destroyed)
        respond(res, signal, encoding, e.status, { message: e.message, close: e.close });
    } finally {
      inflight -= held;
      handlers.answered(signal ?? 'other', encoding ?? 'other', status);
    }
  };

  return new Promise((resolve, reject) => {
    const server = createServer(
      httpServerOptions(opts.headersTimeoutMs),
      (req, res) => void handle(req, res),
    );
    server.maxConnections = 1024;
    server.once('error', reject);
    server.listen(opts.port, opts.host, () => {
      server.off('error', reject);
      resolve(server);
    });
  });
}

function tooLarge(limit: number, when = ''): HttpError {
  return new HttpError(
    413,
    `the body is larger than ${limit} bytes${when ? ` ${when}` : ''}: send smaller batches or raise the limit (--otlp-max-body-bytes)`,
    true,
  );
}

function tooDeep(): HttpError {
  return new HttpError(
    400,
    `the body nests objects or arrays deeper than ${MAX_JSON_DEPTH} levels; no OTLP export request does`,
  );
}

function encodingOf(contentType: string | undefined): Encoding | undefined {
  const media = (contentType ?? '').split(';')[0]!.trim().toLowerCase();
  if (media === 'application/json') return 'json';
  if (media === 'application/x-protobuf') return 'protobuf';
  return undefined;
}

/** Reads the body, counting bytes as they arrive: past `limit` the request is refused. */
function readBody(
  req: IncomingMessage,
  limit: number,
  reserve: (n: number) => void,
): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const fail = (err: unknown) => {
      req.off('data', onData);
      req.resume(); // discard the rest without holding it
      reject(err);
    };
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) return fail(tooLarge(limit));
      try {
        reserve(chunk.length);
      } catch (err) {
        return fail(err);
      }
      chunks.push(chunk);
    };
    req.on('data', onData);
    req.once('end', () => resolve(Buffer.concat(chunks, size)));
    req.once('error', fail);
    req.once('aborted', () => fail(new HttpError(400, 'the client aborted the request', true)));
  });
}

/**
 * The body as an OTLP/JSON export request, or a 400 naming what is wrong. `asReceived`: the body
 * is JSON that the request stands for unchanged (so it can be spooled as it is).
 */
function decode(
  signal: OtlpSignal,
  encoding: Encoding,
  body: Buffer,
): { request: ExportRequest; asReceived: boolean } {
  let request: unknown;
  if (encoding === 'json') {
    if (jsonTooDeep(body)) throw tooDeep();
    try {
      request = JSON.parse(body.toString('utf8'));
    } catch (err) {
      throw new HttpError(400, `the body is not valid JSON: ${(err as Error).message}`);
    }
    if (typeof request !== 'object' || request === null || Array.isArray(request)) {
      throw new HttpError(
        400,
        `the body is not an OTLP/JSON export request (an object with ${RESOURCE_KEY[signal]})`,
      );
    }
  } else {
    try {
      request = decodeProtobufRequest(signal, body);
    } catch (err) {
      throw new HttpError(
        400,
        `the body is not a valid protobuf export request: ${(err as Error).message}`,
      );
    }
    if (valueTooDeep(request)) throw tooDeep();
  }
  const r = request as ExportRequest;
  let asReceived = encoding === 'json';
  // Another signal's array is an unknown field here, ignored (the spool tells signals apart by it).
  for (const key of Object.values(RESOURCE_KEY)) {
    if (key !== RESOURCE_KEY[signal] && key in r) {
      delete r[key];
      asReceived = false;
    }
  }
  // Proto3 (and its JSON mapping) omit empty repeated fields: a missing list is an empty request.
  if (!(RESOURCE_KEY[signal] in r)) {
    r[RESOURCE_KEY[signal]] = [];
    asReceived = false;
  }
  return { request: r, asReceived };
}

function respond(
  res: ServerResponse,
  signal: OtlpSignal | undefined,
  encoding: Encoding | undefined,
  status: number,
  body: { rejected?: number; message: string; close?: boolean },
): void {
  const headers: Record<string, string> = {};
  if (status === 503) headers['retry-after'] = '1';
  if (status === 405) headers['allow'] = 'POST';
  if (body.close) headers['connection'] = 'close';
  let payload: Uint8Array | string;
  if (status === 200 && signal) {
    const rejected = body.rejected ?? 0;
    if (encoding === 'protobuf') {
      payload = encodeProtobufResponse(signal, rejected, body.message);
    } else {
      payload = JSON.stringify(
        rejected > 0
          ? {
              partialSuccess: {
                [REJECTED_FIELD[signal]]: String(rejected),
                errorMessage: body.message,
              },
            }
          : {},
      );
    }
  } else {
    const code = RPC_CODE[status] ?? 13;
    payload =
      encoding === 'protobuf'
        ? encodeProtobufStatus(code, body.message)
        : JSON.stringify({ code, message: body.message });
  }
  headers['content-type'] = encoding === 'protobuf' ? 'application/x-protobuf' : 'application/json';
  res.writeHead(status, headers).end(payload);
}
