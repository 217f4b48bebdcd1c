/**
 * A unified diff (as `diff -u` prints it) of two texts, for `--dry-run`. Line-based: the common
 * head and tail are skipped, the middle is compared with a longest-common-subsequence table
 * (settings files are small; a middle too large for that is shown as one replacement).
 */
const CONTEXT = 3;
const MAX_TABLE = 4_000_000;

type Op = { kind: ' ' | '-' | '+'; line: string };

export function unifiedDiff(
  before: string,
  after: string,
  labelBefore: string,
  labelAfter: string,
): string {
  if (before === after) return '';
  const a = splitLines(before);
  const b = splitLines(after);
  const ops = diffLines(a, b);
  const out = [`--- ${labelBefore}`, `+++ ${labelAfter}`];
  // Each change with CONTEXT lines around it; hunks that touch are merged.
  const hunks: { lo: number; hi: number }[] = [];
  ops.forEach((op, k) => {
    if (op.kind === ' ') return;
    const lo = Math.max(0, k - CONTEXT);
    const hi = Math.min(ops.length, k + CONTEXT + 1);
    const last = hunks[hunks.length - 1];
    if (last && lo <= last.hi) last.hi = Math.max(last.hi, hi);
    else hunks.push({ lo, hi });
  });
  for (const { lo, hi } of hunks) {
    let aLine = 1;
    let bLine = 1;
    for (let k = 0; k < lo; k++) {
      if (ops[k]!.kind !== '+') aLine++;
      if (ops[k]!.kind !== '-') bLine++;
    }
    const hunk = ops.slice(lo, hi);
    const aCount = hunk.filter((o) => o.kind !== '+').length;
    const bCount = hunk.filter((o) => o.kind !== '-').length;
    // An empty side is numbered by the line before it, as diff -u does.
    out.push(
      `@@ -${aCount ? aLine : aLine - 1},${aCount} +${bCount ? bLine : bLine - 1},${bCount} @@`,
    );
    for (const o of hunk) out.push(o.kind + o.line);
  }
  return out.join('\n') + '\n';
}

function splitLines(text: string): string[] {
  const lines = text.split('\n');
  if (lines[lines.length - 1] === '') lines.pop();
  return lines;
}

function diffLines(a: string[], b: string[]): Op[] {
  let head = 0;
  while (head < a.length && head < b.length && a[head] === b[head]) head++;
  let tail = 0;
  while (
    tail < a.length - head &&
    tail < b.length - head &&
    a[a.length - 1 - tail] === b[b.length - 1 - tail]
  ) {
    tail++;
  }
  const ops: Op[] = a.slice(0, head).map((line) => ({ kind: ' ', line }));
  const am = a.slice(head, a.length - tail);
  const bm = b.slice(head, b.length - tail);
  if (am.length * bm.length > MAX_TABLE) {
    for (const line of am) ops.push({ kind: '-', line });
    for (const line of bm) ops.push({ kind: '+', line });
  } else {
    ops.push(...lcsOps(am, bm));
  }
  for (const line of a.slice(a.length - tail)) ops.push({ kind: ' ', line });
  return ops;
}

function lcsOps(a: string[], b: string[]): Op[] {
  const n = a.length;
  const m = b.length;
  // lcs[i][j]: length of the LCS of a[i..] and b[j..].
  const lcs = Array.from({ length: n + 1 }, () => new Uint32Array(m + 1));
  for (let i = n - 1; i >= 0; i--) {
    for (let j = m - 1; j >= 0; j--) {
      lcs[i]![j] =
        a[i] === b[j] ? lcs[i + 1]![j + 1]! + 1 : Math.max(lcs[i + 1]![j]!, lcs[i]![j + 1]!);
    }
  }
  const ops: Op[] = [];
  let i = 0;
  let j = 0;
  while (i < n || j < m) {
    if (i < n && j < m && a[i] === b[j]) {
      ops.push({ kind: ' ', line: a[i++]! });
      j++;
    } else if (j < m && (i >= n || lcs[i]![j + 1]! >= lcs[i + 1]![j]!)) {
      ops.push({ kind: '+', line: b[j++]! });
    } else {
      ops.push({ kind: '-', line: a[i++]! });
    }
  }
  // diff -u prints removals before additions within a change.
  return reorderChanges(ops);
}

function reorderChanges(ops: Op[]): Op[] {
  const out: Op[] = [];
  let minus: Op[] = [];
  let plus: Op[] = [];
  const flush = () => {
    out.push(...minus, ...plus);
    minus = [];
    plus = [];
  };
  for (const o of ops) {
    if (o.kind === '-') minus.push(o);
    else if (o.kind === '+') plus.push(o);
    else {
      flush();
      out.push(o);
    }
  }
  flush();
  return out;
}
