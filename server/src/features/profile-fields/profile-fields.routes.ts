import Router from '@koa/router';
import type { OkResponse } from '@shared/api/page.ts';
import { actorOf, auth } from '@server/auth/auth.middleware.ts';
import type { AppDeps } from '@server/context.ts';
import type { AppState } from '@server/http/types.ts';
import { parse } from '@server/http/validate.ts';
import {
  createProfileFieldRequestSchema,
  idParamSchema,
  updateCustomerFieldsRequestSchema,
  updateProfileFieldRequestSchema,
} from './profile-fields.schema.ts';
import { archiveFieldDef, createFieldDef, listFieldDefs, updateFieldDef } from './field-admin.service.ts';
import { customerFields, updateCustomerFields } from './customer-fields.service.ts';

/** 渐进式画像: the corp's field definitions (admins manage them) and a customer's values (the guide fills them). */
export function routes(deps: AppDeps): Router<AppState> {
  const router = new Router<AppState>({ prefix: '/api' });

  router.get('/profile-fields', auth(deps), async (ctx) => {
    ctx.body = await listFieldDefs(deps, actorOf(ctx));
  });

  router.post('/profile-fields', auth(deps, { roles: ['admin'] }), async (ctx) => {
    const input = parse(createProfileFieldRequestSchema, ctx.request.body);
    ctx.status = 201;
    ctx.body = { field: await createFieldDef(deps, actorOf(ctx), input, ctx.ip || null) };
  });

  router.patch('/profile-fields/:id', auth(deps, { roles: ['admin'] }), async (ctx) => {
    const { id } = parse(idParamSchema, ctx.params);
    const input = parse(updateProfileFieldRequestSchema, ctx.request.body);
    ctx.body = { field: await updateFieldDef(deps, actorOf(ctx), id, input, ctx.ip || null) };
  });

  router.delete('/profile-fields/:id', auth(deps, { roles: ['admin'] }), async (ctx) => {
    const { id } = parse(idParamSchema, ctx.params);
    await archiveFieldDef(deps, actorOf(ctx), id, ctx.ip || null);
    const body: OkResponse = { ok: true };
    ctx.body = body;
  });

  router.get('/customers/:id/profile-fields', auth(deps), async (ctx) => {
    const { id } = parse(idParamSchema, ctx.params);
    ctx.body = await customerFields(deps.ds, actorOf(ctx), id);
  });

  router.patch('/customers/:id/profile-fields', auth(deps), async (ctx) => {
    const { id } = parse(idParamSchema, ctx.params);
    const input = parse(updateCustomerFieldsRequestSchema, ctx.request.body);
    ctx.body = await updateCustomerFields(deps, actorOf(ctx), id, input);
  });

  return router;
}
