import { readFileSync } from 'node:fs';
import {
  ATTR_HOOK_OVERHEAD,
  execSpanIdFrom,
  initTelemetry,
  looksLikeId,
  recordAgent,
  recordCacheLookup,
  recordCompression,
  recordConversationExchange,
  recordRestart,
  recordTestRun,
  recordTestSelection,
  recordValidation,
  traceHook,
  TEST_RUN_MODES,
  TEST_SUITE_RUN_STATUSES,
  VALIDATION_OUTCOMES,
} from '@hookscope/telemetry';
import { parseFlags, UsageError } from '../usage.js';

/**
 * `hookscope emit <kind> --field value ...`: records one event of the telemetry API from any
 * language. Each flag is the API field in kebab-case. Everything is checked before anything is
 * written, so bad input writes nothing. Loads only the bundled telemetry library (runs once per
 * event).
 */

type FieldType =
  | 'label' // a metric label: a name, never an id
  | 'text' // free text kept on the span only (ids)
  | 'count'
  | 'seconds'
  | 'bool'
  | 'lines-file' // a file of ids, one per line
  | readonly string[]; // one of these values

interface Field<
  Flag extends string = string,
  Type extends FieldType = FieldType,
  Required extends boolean = boolean,
> {
  flag: Flag;
  type: Type;
  required: Required;
  help: string;
}

/** What a flag's value parses to. */
type ValueOf<T extends FieldType> = T extends readonly (infer V)[]
  ? V
  : T extends 'count' | 'seconds'
    ? number
    : T extends 'bool'
      ? boolean
      : T extends 'lines-file'
        ? string[]
        : string;

/** `--full-suite-seconds` is the API's `fullSuiteSeconds`. */
type Camel<S extends string> = S extends `${infer Head}-${infer Tail}`
  ? `${Head}${Capitalize<Camel<Tail>>}`
  : S;

/** The API input a kind's flags parse into: required flags required, the others optional. */
type ValuesOf<Fs extends readonly Field[]> = {
  [F in Fs[number] as F['required'] extends true ? Camel<F['flag']> : never]: ValueOf<F['type']>;
} & {
  [F in Fs[number] as F['required'] extends true ? never : Camel<F['flag']>]?: ValueOf<F['type']>;
};

interface Kind {
  summary: string;
  fields: readonly Field[];
  record: (values: Record<string, unknown>) => void;
}

function f<
  const Flag extends string,
  const Type extends FieldType,
  Required extends boolean = false,
>(flag: Flag, type: Type, help: string, required?: Required): Field<Flag, Type, Required> {
  return { flag, type, help, required: (required ?? false) as Required };
}

/**
 * One kind of event: its flags and the API call they feed. The compiler checks, per kind, that
 * what the flags parse into is what the call takes; parseEvent builds exactly that object.
 */
function kind<const Fs extends readonly Field[]>(
  summary: string,
  fields: Fs,
  record: (values: ValuesOf<Fs>) => unknown,
): Kind {
  return { summary, fields, record: record as (values: Record<string, unknown>) => void };
}

const HOOK_FIELDS = [
  f('hook-event', 'label', 'hook event it ran in (default: $HOOKSCOPE_HOOK_EVENT)'),
  f('hook-name', 'label', 'hook name it ran in (default: $HOOKSCOPE_HOOK_NAME)'),
] as const;

/** Every kind of event, its flags, and the API call that records it. */
const KINDS: Record<string, Kind> = {
  agent: kind(
    'a sub-agent invocation (GenAI invoke_agent span)',
    [
      f('name', 'label', 'agent name', true),
      f('seconds', 'seconds', 'how long it took', true),
      f('success', 'bool', 'true (default) or false'),
      f('error-type', 'label', 'error class when it failed, e.g. timeout'),
      f('model', 'label', 'model requested'),
      f('provider', 'label', 'GenAI provider, e.g. anthropic'),
      f('agent-id', 'text', 'agent instance id (span only)'),
      f('conversation-id', 'text', 'conversation or session id (span only)'),
      f('input-tokens', 'count', 'input tokens used'),
      f('output-tokens', 'count', 'output tokens used'),
    ],
    recordAgent,
  ),
  validation: kind(
    'a validator run inside a hook',
    [
      f('name', 'label', 'validator name', true),
      f('seconds', 'seconds', 'how long it took', true),
      f('outcome', VALIDATION_OUTCOMES, '`failed`: the validator found a problem', true),
      ...HOOK_FIELDS,
    ],
    recordValidation,
  ),
  'test-selection': kind(
    'a test selection (which tests to run)',
    [
      f('suite', 'label', 'test suite name', true),
      f('strategy', 'label', 'selection strategy, e.g. testmon', true),
      f('total-tests', 'count', 'tests in the suite', true),
      f('selected-tests', 'count', 'tests selected', true),
      f('seconds', 'seconds', 'how long selecting took'),
      f('estimated-full-suite-seconds', 'seconds', 'how long the full suite would take'),
      f('revision', 'text', 'revision the selection is for'),
      f('selected-test-ids', 'lines-file', 'file with the selected test ids, one per line'),
    ],
    recordTestSelection,
  ),
  'test-run': kind(
    'a test run (selected subset or full suite)',
    [
      f('suite', 'label', 'test suite name', true),
      f('mode', TEST_RUN_MODES, 'the selected subset or the full suite', true),
      f('seconds', 'seconds', 'how long the run took', true),
      f('passed', 'count', 'tests passed', true),
      f('failed', 'count', 'tests failed', true),
      f('skipped', 'count', 'tests skipped'),
      f('status', TEST_SUITE_RUN_STATUSES, 'default: failure if tests failed, else success'),
      f('strategy', 'label', 'selected runs: the selection strategy'),
      f('estimated-full-suite-seconds', 'seconds', 'selected runs: full-suite estimate'),
      f('selection-seconds', 'seconds', 'selected runs: how long selecting took'),
      f('revision', 'text', 'revision tested'),
      f('failed-test-ids', 'lines-file', 'file with the failed test ids, one per line'),
    ],
    recordTestRun,
  ),
  'cache-lookup': kind(
    'a cache lookup',
    [
      f('cache', 'label', 'cache name', true),
      f('hit', 'bool', 'true or false', true),
      f('error', 'bool', 'true when the lookup failed'),
      f('seconds', 'seconds', 'how long the lookup took'),
      f('bytes', 'count', 'size of the entry'),
    ],
    recordCacheLookup,
  ),
  'conversation-exchange': kind(
    'one exchange (turn) of a conversation with a model',
    [
      f('process-type', 'label', 'kind of agent process, e.g. tactical', true),
      f('response-seconds', 'seconds', 'response time', true),
      f('model', 'label', 'model requested'),
      f('conversation-id', 'text', 'conversation id (span only)'),
      f('turn', 'count', 'turn number (span only)'),
      f('input-tokens', 'count', 'input tokens'),
      f('output-tokens', 'count', 'output tokens'),
      f('context-tokens', 'count', 'context window size when sent'),
      f('success', 'bool', 'true (default) or false'),
      f('error-type', 'label', 'error class when it failed'),
    ],
    recordConversationExchange,
  ),
  compression: kind(
    'a context compression',
    [
      f('before-tokens', 'count', 'context tokens before', true),
      f('after-tokens', 'count', 'context tokens after', true),
      f('seconds', 'seconds', 'how long it took'),
      f('critical-info-preserved', 'bool', 'whether critical information survived'),
      f('process-type', 'label', 'kind of agent process'),
      f('trigger', 'label', 'what started it, e.g. auto or manual'),
      f('conversation-id', 'text', 'conversation id (span only)'),
    ],
    recordCompression,
  ),
  restart: kind(
    'a restart of an agent process',
    [
      f('process-type', 'label', 'kind of agent process', true),
      f('success', 'bool', 'true or false', true),
      f('seconds', 'seconds', 'how long it took'),
      f('error-type', 'label', 'error class when it failed'),
    ],
    recordRestart,
  ),
};

export function emitUsage(): string {
  const lines = [
    'usage: hookscope emit <kind> --field value ...',
    '',
    'Records one event into the spool from any language, joining the trace in $TRACEPARENT.',
    'Bad input is reported with exit code 2 and writes nothing. If the spool cannot be written,',
    'a warning is printed and the exit code is still 0 (the hook must not fail because of it).',
    '',
    'kinds:',
  ];
  for (const [name, kind] of Object.entries(KINDS))
    lines.push(`  ${name.padEnd(22)} ${kind.summary}`);
  lines.push('', 'Run `hookscope emit <kind> --help` for the fields of a kind.');
  return lines.join('\n');
}

function kindUsage(name: string, kind: Kind): string {
  const lines = [
    `usage: hookscope emit ${name} --field value ...`,
    '',
    `Records ${kind.summary}.`,
    '',
  ];
  for (const field of kind.fields) {
    const values = Array.isArray(field.type) ? ` (${field.type.join(' | ')})` : '';
    const flag = `--${field.flag}`.padEnd(32);
    lines.push(`  ${flag} ${field.help}${values}${field.required ? ' [required]' : ''}`);
  }
  return lines.join('\n');
}

const camel = (flag: string) => flag.replace(/-([a-z])/g, (_, c: string) => c.toUpperCase());

const BOOLS: Record<string, boolean> = {
  true: true,
  false: false,
  '1': true,
  '0': false,
  yes: true,
  no: false,
};

function parseValue(field: Field, raw: string): unknown {
  const bad = (what: string) => new UsageError(`--${field.flag} ${what}, got '${raw}'`);
  const { type } = field;
  if (Array.isArray(type)) {
    if (!type.includes(raw)) throw bad(`must be one of ${type.join(', ')}`);
    return raw;
  }
  switch (type) {
    case 'label':
      if (raw.trim() === '') throw bad('must not be empty');
      if (raw.length > 128 || looksLikeId(raw)) {
        throw bad(
          'must be a short, stable name (it becomes a metric label; put ids in the span-only fields)',
        );
      }
      return raw;
    case 'text':
      if (raw.trim() === '') throw bad('must not be empty');
      return raw;
    case 'count': {
      const n = Number(raw);
      if (!/^\d+$/.test(raw) || !Number.isSafeInteger(n))
        throw bad('must be a non-negative integer');
      return n;
    }
    case 'seconds': {
      const n = Number(raw);
      if (!/^(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i.test(raw) || !Number.isFinite(n)) {
        throw bad('must be a non-negative number of seconds');
      }
      return n;
    }
    case 'bool': {
      const b = BOOLS[raw.toLowerCase()];
      if (b === undefined) throw bad('must be true or false');
      return b;
    }
    case 'lines-file': {
      let text: string;
      try {
        text = readFileSync(raw === '-' ? 0 : raw, 'utf8');
      } catch (err) {
        throw new UsageError(
          `--${field.flag}: cannot read ${raw} (${(err as NodeJS.ErrnoException).code ?? (err as Error).message})`,
        );
      }
      return text
        .split('\n')
        .map((l) => l.trim())
        .filter((l) => l !== '');
    }
  }
}

/** Parses and checks the flags of one kind into the API's input object. Throws UsageError. */
export function parseEvent(name: string, args: string[]): Record<string, unknown> | undefined {
  const kind = KINDS[name];
  if (!kind) {
    throw new UsageError(`unknown kind '${name}'; kinds: ${Object.keys(KINDS).join(', ')}`);
  }
  const options = Object.fromEntries(
    kind.fields.map((fl) => [fl.flag, { type: 'string' as const }]),
  );
  let flags;
  try {
    flags = parseFlags(args, options, kindUsage(name, kind));
  } catch (err) {
    throw new UsageError(`${name}: ${(err as Error).message}`);
  }
  if (!flags) return undefined;
  const values: Record<string, unknown> = {};
  for (const field of kind.fields) {
    const raw = (flags as Record<string, string | undefined>)[field.flag];
    if (raw === undefined) {
      if (field.required) throw new UsageError(`${name}: missing --${field.flag} (${field.help})`);
      continue;
    }
    try {
      values[camel(field.flag)] = parseValue(field, raw);
    } catch (err) {
      throw new UsageError(`${name}: ${(err as Error).message}`);
    }
  }
  return values;
}

export async function run(args: string[]): Promise<number> {
  const [name, ...rest] = args;
  if (!name || name === '--help' || name === '-h') {
    process.stdout.write(emitUsage() + '\n');
    return name ? 0 : 2;
  }
  const values = parseEvent(name, rest);
  if (!values) return 0; // --help
  const telemetry = initTelemetry();
  if (!telemetry.enabled) return 0;
  const record = () => KINDS[name]!.record(values);
  if (execSpanIdFrom(process.env)) {
    // Under `hookscope exec`, this whole process is what hookscope costs the hook (monitoring
    // overhead): reported on a hook_body span with the wrapper's labels, which holds the event.
    traceHook('unknown', 'unknown', (span) => {
      record();
      span.setAttribute(ATTR_HOOK_OVERHEAD, process.uptime());
    });
  } else {
    record();
  }
  telemetry.flush();
  const stats = telemetry.stats();
  if (stats.spansWritten === 0) {
    process.stderr.write(
      `hookscope emit: warning: could not write to the spool ${telemetry.spoolDir}` +
        `${stats.lastError ? ` (${stats.lastError})` : ''}; the event is lost\n`,
    );
  }
  return 0;
}
