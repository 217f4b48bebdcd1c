/**
 * Redaction of values that look like secrets, applied to any user content hookscope records
 * (only ever recorded when the user opts in). It errs on the side of redacting: a false positive
 * hides a harmless value, a false negative leaks a credential into telemetry.
 */
export const REDACTED = '[REDACTED]';

/** Whole tokens with a recognisable shape (provider prefixes, PEM blocks, JWTs). */
const TOKEN_PATTERNS: readonly RegExp[] = [
  /-----BEGIN [A-Z0-9 ]*PRIVATE KEY-----[\s\S]*?(?:-----END [A-Z0-9 ]*PRIVATE KEY-----|$)/g,
  /\b(?:AKIA|ASIA|AGPA|AIDA|AROA|ANPA|ANVA|AIPA)[0-9A-Z]{16}\b/g, // AWS access key ids
  /\bgh[pousr]_[A-Za-z0-9]{30,}\b/g, // GitHub tokens
  /\bgithub_pat_[A-Za-z0-9_]{20,}\b/g,
  /\bglpat-[A-Za-z0-9_-]{20,}\b/g, // GitLab
  /\bxox[abposr]-[A-Za-z0-9-]{10,}\b/g, // Slack tokens
  /https:\/\/hooks\.slack\.com\/services\/[A-Za-z0-9/_-]+/g,
  /\bsk-(?:ant-|proj-)?[A-Za-z0-9_-]{20,}\b/g, // Anthropic, OpenAI
  /\bAIza[0-9A-Za-z_-]{35}\b/g, // Google API keys
  /\b[rsp]k_(?:live|test)_[0-9A-Za-z]{16,}\b/g, // Stripe
  /\bnpm_[A-Za-z0-9]{36}\b/g,
  /\beyJ[A-Za-z0-9_-]{8,}\.eyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}\b/g, // JWTs
];

/** `Authorization: Bearer x`, `user:password@` in URLs: keep the structure, hide the secret. */
const AUTH_HEADER =
  /\b(authorization|proxy-authorization)(["']?\s*[:=]\s*["']?)(?:(bearer|basic|token|digest)\s+)?[^\s"',;\\]+/gi;
const URL_CREDENTIALS = /\b([a-z][a-z0-9+.-]*:\/\/[^/\s:@"']+:)[^@\s/"']+@/gi;

/**
 * `key=value`, `key: value` and `"key": "value"` where the key names a secret (password, token,
 * api key, ...). The value ends at whitespace, a quote, or a separator.
 */
const SECRET_ASSIGNMENT =
  /(["']?[A-Za-z0-9_.-]*(?:passw(?:or)?d|passwd|pwd|secret|token|api[_-]?key|apikey|access[_-]?key|private[_-]?key|credential|auth[_-]?key|session[_-]?key|client[_-]?secret)[A-Za-z0-9_.-]*["']?\s*[:=]\s*)(\\"[^"\\]*\\"|"[^"]*"|'[^']*'|[^\s"',;&}\]\\]+)/gi;

/** Returns `text` with every value that looks like a secret replaced by `[REDACTED]`. */
export function redactSecrets(text: string): string {
  let out = text;
  for (const re of TOKEN_PATTERNS) out = out.replace(re, REDACTED);
  out = out.replace(AUTH_HEADER, (_m, name: string, sep: string, scheme: string | undefined) =>
    scheme ? `${name}${sep}${scheme} ${REDACTED}` : `${name}${sep}${REDACTED}`,
  );
  out = out.replace(URL_CREDENTIALS, `$1${REDACTED}@`);
  out = out.replace(SECRET_ASSIGNMENT, (_m, key: string, value: string) => {
    if (value === REDACTED || value.includes(REDACTED)) return key + value;
    const q = value.startsWith('\\"')
      ? '\\"'
      : value[0] === '"' || value[0] === "'"
        ? value[0]
        : '';
    return `${key}${q}${REDACTED}${q}`;
  });
  return out;
}
