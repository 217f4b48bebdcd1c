import { ATTR_EVENT_NAME, ATTR_SERVICE_NAME } from '@hookscope/catalog';
import {
  attributesOf,
  isObject,
  OTLP_JSON_LAYOUT,
  walkExportRequest,
  type AttrValue,
} from './otlp-json-decode.js';

/**
 * Decodes OTLP/JSON logs export requests into flat log records: the collector reads events
 * (log records with a name) and never keeps a record's body beyond the event name in it.
 */

/** A body longer than this is content, not an event name, and is not kept. */
const MAX_NAME_LENGTH = 128;

export interface IngestLogRecord {
  /** Names the record carries: `eventName`, the `event.name` attribute, a short string body. */
  names: string[];
  attributes: Record<string, AttrValue>;
  resource: Record<string, AttrValue>;
}

export type LogsDecodeResult =
  { ok: true; records: IngestLogRecord[]; rejected: number } | { ok: false; detail: string };

export function decodeLogsRequest(body: unknown): LogsDecodeResult {
  const records: IngestLogRecord[] = [];
  let rejected = 0;
  const detail = walkExportRequest(body, 'logs', (lr, resource) => {
    if (!isObject(lr)) {
      rejected++;
      return;
    }
    const attributes = attributesOf(lr['attributes']);
    const body = isObject(lr['body']) ? lr['body']['stringValue'] : undefined;
    const names = [lr['eventName'], attributes[ATTR_EVENT_NAME], body].filter(
      (n): n is string => typeof n === 'string' && n !== '' && n.length <= MAX_NAME_LENGTH,
    );
    records.push({ names, attributes, resource });
  });
  return detail ? { ok: false, detail } : { ok: true, records, rejected };
}

type Json = Record<string, unknown>;

/**
 * The part of a (validated) logs request the collector reads: each record's names and the
 * attributes in `keep`, the resource's service name. The receiver spools only this, so prompts,
 * tool input, error messages and bodies that an application puts in its logs never reach the
 * disk. Records that are not objects become null (still counted, as rejected, when read back).
 */
export function minimizeLogsRequest(request: Json, keep: ReadonlySet<string>): Json {
  const { resources, scopes, items } = OTLP_JSON_LAYOUT.logs;
  const only = (list: unknown, keys: ReadonlySet<string>) =>
    Array.isArray(list) ? list.filter((kv) => isObject(kv) && keys.has(kv['key'] as string)) : [];
  const resourceKeys = new Set([ATTR_SERVICE_NAME]);
  return {
    [resources]: (request[resources] as Json[]).map((r) => ({
      resource: {
        attributes: only(isObject(r['resource']) ? r['resource']['attributes'] : [], resourceKeys),
      },
      [scopes]: ((r[scopes] ?? []) as Json[]).map((sc) => ({
        [items]: ((sc[items] ?? []) as unknown[]).map((lr) => {
          if (!isObject(lr)) return null;
          const out: Json = { attributes: only(lr['attributes'], keep) };
          const body = isObject(lr['body']) ? lr['body']['stringValue'] : undefined;
          if (typeof body === 'string' && body.length <= MAX_NAME_LENGTH)
            out['body'] = { stringValue: body };
          if (typeof lr['eventName'] === 'string' && lr['eventName'].length <= MAX_NAME_LENGTH) {
            out['eventName'] = lr['eventName'];
          }
          if (lr['timeUnixNano'] !== undefined) out['timeUnixNano'] = lr['timeUnixNano'];
          return out;
        }),
      })),
    })),
  };
}
