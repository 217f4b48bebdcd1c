/**
 * The fast entry of `hookscope emit` (one process per event, often several per hook): bundled
 * alone into dist/emit-main.cjs and started by bin/hookscope through dist/emit.cjs, which runs it
 * from V8's code cache, so that it loads only the telemetry library and the flag parser.
 * `hookscope emit` through dist/main.js runs the same code.
 */
import { run } from './commands/emit.js';
import { runCommand } from './run-command.js';

void runCommand('emit', run, process.argv.slice(2));
