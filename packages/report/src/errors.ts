/**
 * A problem the user can act on (Prometheus unreachable, no data, a bad flag): the CLI prints the
 * message alone, without a stack trace, and exits non-zero.
 */
export class ReportError extends Error {
  override readonly name = 'ReportError';
}
