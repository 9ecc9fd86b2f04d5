import { TEAM_COLUMNS, type TeamMetricKey, type TeamReport } from '@shared/api/reports.ts';
import type { Cell } from './csv.ts';
import { csvHeader, csvValue } from './report-csv.ts';

/**
 * The team report as CSV: who (导购, 账号, 部门), then the chosen metric columns in TEAM_COLUMNS
 * order — the sidebar table's order — and a 合计 row. All metrics when none are chosen.
 */
export function teamCsv(report: TeamReport, keys?: readonly TeamMetricKey[]): { header: string[]; rows: Cell[][] } {
  const columns = keys ? TEAM_COLUMNS.filter((c) => keys.includes(c.key)) : TEAM_COLUMNS;
  const cells = (m: TeamReport['totals']['current']) => columns.map((c) => csvValue(c.format, c.value(m)));
  return {
    header: ['导购', '账号', '部门', ...columns.map(csvHeader)],
    rows: [
      ...report.rows.map((r): Cell[] => [r.staff.name, r.staff.userid, r.staff.department, ...cells(r.current)]),
      ['合计', '', '', ...cells(report.totals.current)],
    ],
  };
}
