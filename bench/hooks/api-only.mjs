import { trace } from '@opentelemetry/api';
import { work } from './work.mjs';
trace.getTracer('bench');
process.exit(work());
