import type { CheckResult } from '@tenant-platform/backstage-plugin-tenants-node';

/** Formats checks as a text table: check | result | detail. */
export function formatChecksTable(checks: CheckResult[]): string[] {
  const rows = [
    ['check', 'result', 'detail'],
    ...checks.map(c => [c.check, c.ok ? 'pass' : 'FAIL', c.detail]),
  ];
  const widths = [0, 1].map(i => Math.max(...rows.map(r => r[i].length)));
  return rows.map(r =>
    `${r[0].padEnd(widths[0])} | ${r[1].padEnd(widths[1])} | ${r[2]}`.trimEnd(),
  );
}
