import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { HOOKSCOPE_VERSION } from '../src/index.js';

const root = fileURLToPath(new URL('../../..', import.meta.url));

function version(dir: string): string {
  return (JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as { version: string })
    .version;
}

describe('HOOKSCOPE_VERSION', () => {
  it('is the version of the repository and of every package', () => {
    const packages = readdirSync(join(root, 'packages'));
    expect(packages.length).toBeGreaterThan(5);
    expect(version(root)).toBe(HOOKSCOPE_VERSION);
    for (const name of packages) {
      expect(`${name}: ${version(join(root, 'packages', name))}`).toBe(
        `${name}: ${HOOKSCOPE_VERSION}`,
      );
    }
  });
});
