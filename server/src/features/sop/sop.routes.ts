import Router from '@koa/router';
import { idParamSchema } from '@shared/api/page.ts';
import { dayRangeQuerySchema } from '@shared/api/reports.ts';
import {
  chatTasksQuerySchema,
  completeTaskRequestSchema,
  createSopRuleRequestSchema,
  dismissTaskRequestSchema,
  updateSopRuleRequestSchema,
} from '@shared/api/tasks.ts';
import { audit } from '@server/audit/audit.ts';
import { actorOf, auth } from '@server/auth/auth.middleware.ts';
import type { AppDeps } from '@server/context.ts';
import type { AppState } from '@server/http/types.ts';
import { parse } from '@server/http/validate.ts';
import { visibleStaffIds } from '@server/policy/policy.ts';
import { taskReport } from './report.ts';
import { createRule, listRules, updateRule } from './rules.service.ts';
import { chatTasks, completeTask, dismissTask, todayTasks } from './tasks.service.ts';

/**
 * SOP rules (managers and admins define them) and the tasks they create:
 * 今日任务 for the guide, the open chat's tasks, done/dismiss, and completion
 * per guide and per rule for managers (within their scope).
 */
export function routes(deps: AppDeps): Router<AppState> {
  const router = new Router<AppState>({ prefix: '/api' });
  const { ds } = deps;
  const managers = auth(deps, { roles: ['manager', 'admin'] });

  router.get('/sop-rules', managers, async (ctx) => {
    ctx.body = await listRules(ds);
  });
  router.post('/sop-rules', managers, async (ctx) => {
    const actor = actorOf(ctx);
    const rule = await createRule(ds, actor, parse(createSopRuleRequestSchema, ctx.request.body));
    await audit(ds.manager, actor, 'sop_rule.create', { type: 'sop_rule', id: rule.id }, { name: rule.name }, ctx.ip);
    ctx.status = 201;
    ctx.body = rule;
  });
  router.patch('/sop-rules/:id', managers, async (ctx) => {
    const actor = actorOf(ctx);
    const { id } = parse(idParamSchema, ctx.params);
    const input = parse(updateSopRuleRequestSchema, ctx.request.body);
    ctx.body = await updateRule(ds, id, input);
    await audit(ds.manager, actor, 'sop_rule.update', { type: 'sop_rule', id }, { fields: Object.keys(input) }, ctx.ip);
  });

  router.get('/tasks/today', auth(deps), async (ctx) => {
    ctx.body = await todayTasks(ds, actorOf(ctx), new Date());
  });
  router.get('/tasks/chat', auth(deps), async (ctx) => {
    ctx.body = await chatTasks(ds, actorOf(ctx), parse(chatTasksQuerySchema, ctx.query), new Date());
  });
  router.get('/tasks/report', managers, async (ctx) => {
    const { from, to } = parse(dayRangeQuerySchema, ctx.query);
    ctx.body = await taskReport(ds, await visibleStaffIds(ds, actorOf(ctx)), from, to, new Date());
  });
  router.post('/tasks/:id/done', auth(deps), async (ctx) => {
    const { id } = parse(idParamSchema, ctx.params);
    ctx.body = await completeTask(ds, actorOf(ctx), id, parse(completeTaskRequestSchema, ctx.request.body), new Date());
  });
  router.post('/tasks/:id/dismiss', auth(deps), async (ctx) => {
    const { id } = parse(idParamSchema, ctx.params);
    const { reason } = parse(dismissTaskRequestSchema, ctx.request.body);
    ctx.body = await dismissTask(ds, actorOf(ctx), id, reason, new Date());
  });

  return router;
}
