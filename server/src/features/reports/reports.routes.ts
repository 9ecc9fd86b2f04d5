import Router from '@koa/router';
import type { ParameterizedContext } from 'koa';
import {
  dayRangeQuerySchema,
  GROUP_COLUMNS,
  groupReportQuerySchema,
  NEGLECTED_COLUMNS,
  neglectedQuerySchema,
  SCRIPT_COLUMNS,
  scriptReportQuerySchema,
  teamReportQuerySchema,
  trendQuerySchema,
} from '@shared/api/reports.ts';
import { audit } from '@server/audit/audit.ts';
import { actorOf, auth } from '@server/auth/auth.middleware.ts';
import type { AppDeps } from '@server/context.ts';
import { parse } from '@server/http/validate.ts';
import type { AppState } from '@server/http/types.ts';
import { sendCsv } from './csv.ts';
import { csvTable } from './report-csv.ts';
import { reportScope } from './reports.scope.ts';
import { customerValue, groupReport, neglected, scriptReport, teamReport, trend } from './reports.service.ts';
import { teamCsv } from './team-csv.ts';

/**
 * Manager reports. Every route goes through reportScope (the policy): a guide sees
 * only their own row, a manager their departments, an admin everyone. CSV exports
 * stream, are written to the audit log, and have the columns of the sidebar table in its order.
 * Managers and admins do not get rows for people with no customers and no activity in the period.
 */
export function routes(deps: AppDeps): Router<AppState> {
  const router = new Router<AppState>({ prefix: '/api/reports' });
  const { ds } = deps;
  const logExport = (ctx: ParameterizedContext<AppState>, report: string, query: unknown) =>
    audit(ds.manager, actorOf(ctx), 'report.export', { type: 'report', id: report }, { query }, ctx.ip);

  router.get('/team', auth(deps), async (ctx) => {
    const q = parse(teamReportQuerySchema, ctx.query);
    parse(dayRangeQuerySchema, { from: q.from, to: q.to });
    const actor = actorOf(ctx);
    const staff = await reportScope(ds, actor, { departmentId: q.departmentId });
    const report = await teamReport(ds, staff, q.from, q.to, { keepIdle: actor.role === 'guide' });
    if (q.format === 'csv') {
      await logExport(ctx, 'team', ctx.query);
      const csv = teamCsv(report, q.columns);
      return sendCsv(ctx, `团队报表_${q.from}_${q.to}.csv`, csv.header, csv.rows);
    }
    ctx.body = report;
  });

  router.get('/trends', auth(deps), async (ctx) => {
    const q = parse(trendQuerySchema, ctx.query);
    parse(dayRangeQuerySchema, { from: q.from, to: q.to });
    const staff = await reportScope(ds, actorOf(ctx), { staffId: q.staffId });
    ctx.body = await trend(ds, staff, q.from, q.to);
  });

  router.get('/customer-value', auth(deps), async (ctx) => {
    const actor = actorOf(ctx);
    const staff = await reportScope(ds, actor);
    ctx.body = await customerValue(ds, staff, { keepIdle: actor.role === 'guide' });
  });

  router.get('/neglected', auth(deps), async (ctx) => {
    const q = parse(neglectedQuerySchema, ctx.query);
    const staff = await reportScope(ds, actorOf(ctx));
    if (q.format === 'csv') {
      await logExport(ctx, 'neglected', ctx.query);
      const all = await neglected(ds, staff, q.days, 0, 100_000);
      const csv = csvTable(NEGLECTED_COLUMNS, all.items);
      return sendCsv(ctx, `待跟进高价值客户_${q.days}天.csv`, csv.header, csv.rows);
    }
    ctx.body = await neglected(ds, staff, q.days, q.offset, q.limit);
  });

  router.get('/scripts', auth(deps), async (ctx) => {
    const q = parse(scriptReportQuerySchema, ctx.query);
    parse(dayRangeQuerySchema, { from: q.from, to: q.to });
    const staff = await reportScope(ds, actorOf(ctx), { staffId: q.staffId });
    const report = await scriptReport(ds, staff, q.from, q.to);
    if (q.format === 'csv') {
      await logExport(ctx, 'scripts', ctx.query);
      const csv = csvTable(SCRIPT_COLUMNS, report.rows);
      return sendCsv(ctx, `话术效果_${q.from}_${q.to}.csv`, csv.header, csv.rows);
    }
    ctx.body = report;
  });

  router.get('/groups', auth(deps), async (ctx) => {
    const q = parse(groupReportQuerySchema, ctx.query);
    parse(dayRangeQuerySchema, { from: q.from, to: q.to });
    const staff = await reportScope(ds, actorOf(ctx));
    const report = await groupReport(ds, staff, q.from, q.to);
    if (q.format === 'csv') {
      await logExport(ctx, 'groups', ctx.query);
      const csv = csvTable(GROUP_COLUMNS, report.rows);
      return sendCsv(ctx, `客户群活跃_${q.from}_${q.to}.csv`, csv.header, csv.rows);
    }
    ctx.body = report;
  });

  return router;
}
