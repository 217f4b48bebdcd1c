// Makes this machine's per-platform package of the native launcher, as a release would publish
// it beside @hookscope/cli (listed in its optionalDependencies; npm installs only the package
// whose os, cpu and libc match): packages/cli/dist/platform/cli-<os>-<cpu>/ with package.json
// and bin/hookscope (packages/cli/native/dist/, outside what @hookscope/cli ships), built with the same flags as `npm run build`. Prints the directory.
import { chmodSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { compile, findCompiler, LAUNCHER_SOURCES, NATIVE_DIR } from './build.mjs';

const cli = JSON.parse(readFileSync(join(NATIVE_DIR, '..', 'package.json'), 'utf8'));
const os = process.platform;
const cpu = process.arch;
const name = `cli-${os}-${cpu}`;
const dir = resolve(NATIVE_DIR, 'dist', name);
const cc = findCompiler();
if (!cc) {
  console.error('no C compiler (cc, gcc or clang; or set CC): no platform package');
  process.exit(1);
}
rmSync(dir, { recursive: true, force: true });
mkdirSync(join(dir, 'bin'), { recursive: true });
const built = compile({ cc, sources: LAUNCHER_SOURCES, out: join(dir, 'bin', 'hookscope') });
if (!built.ok) {
  console.error(built.output);
  process.exit(1);
}
chmodSync(join(dir, 'bin', 'hookscope'), 0o755);
const manifest = {
  name: `@hookscope/${name}`,
  version: cli.version,
  description: `The native hookscope exec launcher for ${os}-${cpu}.`,
  license: cli.license,
  os: [os],
  cpu: [cpu],
  ...(os === 'linux' ? { libc: ['glibc'] } : {}),
  files: ['bin/hookscope'],
  preferUnplugged: true,
};
writeFileSync(join(dir, 'package.json'), JSON.stringify(manifest, null, 2) + '\n');
console.log(dir);
