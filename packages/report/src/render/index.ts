import type { Report } from '../model.js';
import { renderHtml } from './html.js';
import { renderJson } from './json.js';
import { renderMarkdown } from './markdown.js';

export const FORMATS = ['md', 'html', 'json'] as const;
export type ReportFormat = (typeof FORMATS)[number];

export function renderReport(r: Report, format: ReportFormat): string {
  return format === 'html' ? renderHtml(r) : format === 'json' ? renderJson(r) : renderMarkdown(r);
}
