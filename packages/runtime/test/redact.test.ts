import { describe, expect, it } from 'vitest';
import { redactSecrets } from '../src/redact.js';

describe('redactSecrets', () => {
  it.each([
    ['AWS key AKIAIOSFODNN7EXAMPLE here', 'AWS key [REDACTED] here'],
    ['token ghp_0123456789abcdefghijklmnopqrstuvwxyzAB', 'token [REDACTED]'],
    ['key sk-ant-api03-abcdefghijklmnopqrstuvwx_yz', 'key [REDACTED]'],
    ['openai sk-proj-abcdefghijklmnopqrstuvwxyz123456', 'openai [REDACTED]'],
    ['slack xoxb-123456789012-abcdefghijkl', 'slack [REDACTED]'],
    ['https://hooks.slack.com/services/T000/B000/XXXX', '[REDACTED]'],
    [
      'jwt eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.dozjgNryP4J3jVmNHl0w5N',
      'jwt [REDACTED]',
    ],
    ['Authorization: Bearer abc.def', 'Authorization: Bearer [REDACTED]'],
    ['curl https://bob:s3cret@example.com/x', 'curl https://bob:[REDACTED]@example.com/x'],
    ['DB_PASSWORD=hunter2 ./run', 'DB_PASSWORD=[REDACTED] ./run'],
    ['{"api_key": "abc", "name": "ok"}', '{"api_key": "[REDACTED]", "name": "ok"}'],
    ["client_secret: 'xyz'", "client_secret: '[REDACTED]'"],
    ['-----BEGIN RSA PRIVATE KEY-----\nMIIEow\n-----END RSA PRIVATE KEY-----', '[REDACTED]'],
  ])('%s', (input, expected) => {
    expect(redactSecrets(input)).toBe(expected);
  });

  it('keeps JSON text valid JSON, escaped quotes included', () => {
    const text = JSON.stringify({
      command:
        'curl -H "Authorization: Bearer sk-ant-api03-AAAAAAAAAAAAAAAAAAAAAAAA" && export API_KEY="abc"',
      file_path: '/src/app.ts',
    });
    const out = redactSecrets(text);
    expect(JSON.parse(out)).toEqual({
      command: 'curl -H "Authorization: Bearer [REDACTED]" && export API_KEY="[REDACTED]"',
      file_path: '/src/app.ts',
    });
  });

  it('leaves ordinary text alone', () => {
    const text = 'Edit src/app.ts: rename fetchUser to loadUser (see PR #12)';
    expect(redactSecrets(text)).toBe(text);
  });
});
