/**
 * The fast entry of `hookscope exec`, bundled alone into dist/exec.cjs (CommonJS: Node 20 starts
 * a CommonJS file faster than an ES module) and started by bin/hookscope, so that the wrapper
 * around every hook loads only what it uses. `hookscope exec` through dist/main.js runs the same
 * code. Every hop from the hook command to the hook (native launcher; or shell launcher,
 * code-cache loader, this bundle, run-exec): docs/exec-and-install.md, "the hops".
 */
import { runExec } from './run-exec.js';

runExec(process.argv.slice(2)).then(
  (code) => process.exit(code),
  () => process.exit(70), // unreachable in practice: runExec guards everything it records
);
