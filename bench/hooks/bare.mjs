import { work } from './work.mjs';
process.exit(work());
