/**
 * Why a report could not be made, for callers that show each case differently (the live page
 * tells a newcomer what to do next instead of printing the message alone).
 */
export type ReportErrorReason =
  /** Prometheus did not answer (refused, unknown host, timed out). */
  | 'unreachable'
  /** Prometheus answers but holds no hookscope metric at all. */
  | 'no_metrics'
  /** Prometheus has hookscope data, but nothing ran in the window. */
  | 'no_runs'
  /** Anything else: a bad URL, a server that is not Prometheus, a rejected query. */
  | 'other';

/**
 * A problem the user can act on (Prometheus unreachable, no data, a bad flag): the CLI prints the
 * message alone, without a stack trace, and exits non-zero.
 */
export class ReportError extends Error {
  override readonly name = 'ReportError';
  readonly reason: ReportErrorReason;

  constructor(message: string, reason: ReportErrorReason = 'other') {
    super(message);
    this.reason = reason;
  }
}
