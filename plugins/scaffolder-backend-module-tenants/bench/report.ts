/** Formatting helpers for the benchmark's figures. */

export function median(values: number[]): number {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

export function summary(values: number[]) {
  return {
    min: Math.min(...values),
    median: median(values),
    max: Math.max(...values),
  };
}

export const ms = (value: number | undefined) =>
  value === undefined || Number.isNaN(value) ? '-' : `${Math.round(value)}`;

export const ratio = (value: number) =>
  Number.isFinite(value) ? value.toFixed(3) : '-';

/**
 * A plain-text table: first row is the header; columns after the first are
 * right-aligned (numbers).
 */
export function table(rows: string[][]): string[] {
  const widths = rows[0].map((_, i) =>
    Math.max(...rows.map(r => (r[i] ?? '').length)),
  );
  const line = (r: string[]) =>
    r
      .map((cell, i) =>
        i === 0
          ? (cell ?? '').padEnd(widths[i])
          : (cell ?? '').padStart(widths[i]),
      )
      .join('  ')
      .trimEnd();
  return [
    line(rows[0]),
    widths.map(w => '-'.repeat(w)).join('  '),
    ...rows.slice(1).map(line),
  ];
}
