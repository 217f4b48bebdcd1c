import type { Report } from '../model.js';

/** JSON for machines: the Report model, numbers rounded to 6 significant digits. */
export function renderJson(r: Report): string {
  return (
    JSON.stringify(
      r,
      (_k, v: unknown) =>
        typeof v === 'number' && Number.isFinite(v) && !Number.isInteger(v)
          ? Number(v.toPrecision(6))
          : v,
      2,
    ) + '\n'
  );
}
