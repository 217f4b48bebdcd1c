import { fmtSeconds } from '../format.js';
import type { Report } from '../model.js';
import {
  bottleneckTable,
  cachesTable,
  changesTable,
  conversationsTable,
  selectionTable,
  sourcesLine,
  validatorsTable,
  workTable,
  periodLine,
  regressionsIntro,
  scorecardTable,
  sparkline,
  summaryLine,
  type Table,
} from './tables.js';

/** Markdown for chat and pull requests: GitHub-flavoured tables, no HTML. */
export function renderMarkdown(r: Report): string {
  const out: string[] = [
    '# hookscope performance report',
    '',
    periodLine(r),
    '',
    `**${summaryLine(r)}**`,
    '',
    '## Scorecard',
    '',
    table(scorecardTable(r)),
    '',
    '## Recommendations',
    '',
  ];
  if (r.recommendations.length === 0) out.push('None: nothing in this window calls for action.');
  r.recommendations.forEach((rec, i) =>
    out.push(`${i + 1}. **${md(rec.title)}** (${rec.severity}). ${md(rec.text)}`),
  );
  out.push(
    '',
    '## Bottlenecks',
    '',
    `Share of all hook time per hook; trend of the p95 per ${r.trendStep}.`,
    '',
  );
  const bt = bottleneckTable(r);
  bt.header.push(`p95 per ${r.trendStep}`);
  bt.rows.forEach((row, i) =>
    row.push(r.bottlenecks.hooks[i] ? sparkline(r.bottlenecks.hooks[i]!.trend) : ''),
  );
  out.push(table(bt), '');
  const vt = validatorsTable(r);
  if (vt.rows.length) out.push('### Validators inside these hooks', '', table(vt), '');
  for (const w of r.work) {
    out.push(`### ${w.title}: ${fmtSeconds(w.totalSeconds)} in total`, '', table(workTable(w)), '');
  }
  out.push('## Regressions and improvements', '', regressionsIntro(r), '');
  if (r.regressions.changes.length) out.push(table(changesTable(r)), '');
  if (r.caches.length) out.push('## Caches', '', table(cachesTable(r)), '');
  if (r.testSelection.length) out.push('## Test selection', '', table(selectionTable(r)), '');
  if (r.conversations.length) {
    out.push('## Conversation health', '', table(conversationsTable(r)), '');
  }
  if (r.notes.length) out.push('## Notes', '', ...r.notes.map((n) => `- ${md(n)}`), '');
  out.push(`_${md(sourcesLine(r))}_`, '');
  return out.join('\n');
}

function table(t: Table): string {
  const line = (cells: string[]) => `| ${cells.join(' | ')} |`;
  const row = (cells: string[], i: number) =>
    line(cells.map((c, j) => (j === 0 && t.highlight?.[i] && c ? `**${md(c)}**` : md(c))));
  return [line(t.header), line(t.header.map(() => '---')), ...t.rows.map(row)].join('\n');
}

/** Escapes what would turn hook names into markup or split a table cell. */
function md(text: string): string {
  return text.replace(/([\\`*_[\]<>|])/g, '\\$1').replace(/\n/g, ' ');
}
