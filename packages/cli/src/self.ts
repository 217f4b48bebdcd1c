import { fileURLToPath } from 'node:url';

/** This `hookscope` command's entry point, for starting it as a child (collector, exec). */
export const CLI_MAIN = fileURLToPath(new URL('./main.js', import.meta.url));
