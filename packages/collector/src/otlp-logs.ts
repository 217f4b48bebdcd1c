import { ATTR_EVENT_NAME } from '@hookscope/catalog';
import { attributesOf, isObject, walkExportRequest, type AttrValue } from './otlp-json.js';

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
