import Router from '@koa/router';
import type { ParameterizedContext } from 'koa';
import {
  dayRangeQuerySchema,
  groupReportQuerySchema,
  neglectedQuerySchema,
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
import { METRIC_HEADERS } from './reports.metrics.ts';
import { reportScope } from './reports.scope.ts';
import { customerValue, groupReport, neglected, scriptReport, teamReport, trend } from './reports.service.ts';

/**
 * Manager reports. Every route goes through reportScope (the policy): a guide sees
 * only their own row, a manager their departments, an admin everyone. CSV exports
 * stream and are written to the audit log.
 */
export function routes(deps: AppDeps): Router<AppState> {
  const router = new Router<AppState>({ prefix: '/api/reports' });
  const { ds } = deps;
  const logExport = (ctx: ParameterizedContext<AppState>, report: string, query: unknown) =>
    audit(ds.manager, actorOf(ctx), 'report.export', { type: 'report', id: report }, { query }, ctx.ip);

  router.get('/team', auth(deps), async (ctx) => {
    const q = parse(teamReportQuerySchema, ctx.query);
    parse(dayRangeQuerySchema, { from: q.from, to: q.to });
    const staff = await reportScope(ds, actorOf(ctx), { departmentId: q.departmentId });
    const report = await teamReport(ds, staff, q.from, q.to);
    if (q.format === 'csv') {
      await logExport(ctx, 'team', ctx.query);
      const header = ['导购', '账号', '部门', ...METRIC_HEADERS.map(([, label]) => label)];
      const rows = report.rows.map((r) => [r.staff.name, r.staff.userid, r.staff.department, ...METRIC_HEADERS.map(([k]) => r.current[k])]);
      rows.push(['合计', '', '', ...METRIC_HEADERS.map(([k]) => report.totals.current[k])]);
      return sendCsv(ctx, `团队报表_${q.from}_${q.to}.csv`, header, rows);
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
    const staff = await reportScope(ds, actorOf(ctx));
    ctx.body = await customerValue(ds, staff);
  });

  router.get('/neglected', auth(deps), async (ctx) => {
    const q = parse(neglectedQuerySchema, ctx.query);
    const staff = await reportScope(ds, actorOf(ctx));
    if (q.format === 'csv') {
      await logExport(ctx, 'neglected', ctx.query);
      const all = await neglected(ds, staff, q.days, 0, 100_000);
      return sendCsv(
        ctx,
        `待跟进高价值客户_${q.days}天.csv`,
        ['客户', '客户分层', '累计消费(分)', '最近联系', '未联系天数', '导购'],
        all.items.map((i) => [i.name, i.segmentLabel, i.totalSpent, i.lastInteractionAt, i.daysSilent, i.staff.name]),
      );
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
      return sendCsv(
        ctx,
        `话术效果_${q.from}_${q.to}.csv`,
        ['话术', '发送次数', '触达客户', '24小时内回复', '7天内下单', '7天内成交额(分)'],
        report.rows.map((r) => [r.script.title, r.sends, r.uniqueCustomers, r.repliedWithin24h, r.ordersWithin7d, r.gmvWithin7d]),
      );
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
      return sendCsv(
        ctx,
        `客户群活跃_${q.from}_${q.to}.csv`,
        ['群主', '群数', '成员', '客户', '新入群', '群消息', '活跃成员'],
        report.rows.map((r) => [r.owner.name, r.groups, r.members, r.customers, r.newMembers, r.messages, r.activeMembers]),
      );
    }
    ctx.body = report;
  });

  return router;
}
