import {
  customerValueSchema,
  groupReportSchema,
  neglectedSchema,
  scriptReportSchema,
  teamReportSchema,
  trendSchema,
  type CustomerValueReport,
  type GroupReport,
  type NeglectedReport,
  type ScriptReport,
  type TeamReport,
  type Trend,
} from '@shared/api/reports.ts';
import { apiGet, withQuery } from './http.ts';

export interface DayRange {
  from: string;
  to: string;
}

export const fetchTeamReport = (r: DayRange): Promise<TeamReport> => apiGet(withQuery('/api/reports/team', { ...r }), teamReportSchema);
export const fetchTrend = (r: DayRange, staffId?: number): Promise<Trend> =>
  apiGet(withQuery('/api/reports/trends', { ...r, staffId }), trendSchema);
export const fetchCustomerValue = (): Promise<CustomerValueReport> => apiGet('/api/reports/customer-value', customerValueSchema);
export const fetchNeglected = (days: number, offset = 0): Promise<NeglectedReport> =>
  apiGet(withQuery('/api/reports/neglected', { days, offset, limit: 50 }), neglectedSchema);
export const fetchScriptReport = (r: DayRange): Promise<ScriptReport> =>
  apiGet(withQuery('/api/reports/scripts', { ...r }), scriptReportSchema);
export const fetchGroupReport = (r: DayRange): Promise<GroupReport> =>
  apiGet(withQuery('/api/reports/groups', { ...r }), groupReportSchema);

/** The CSV download URL of a report (same filters, format=csv; the team report also takes `columns`); the browser handles the download. */
export function csvUrl(report: 'team' | 'scripts' | 'groups' | 'neglected', query: Record<string, string | number>): string {
  return withQuery(`/api/reports/${report}`, { ...query, format: 'csv' });
}
