import Router from '@koa/router';
import type { CustomerByExternalResponse } from '@shared/api/customers.ts';
import { actorOf, auth } from '@server/auth/auth.middleware.ts';
import type { AppDeps } from '@server/context.ts';
import type { AppState } from '@server/http/types.ts';
import { parse } from '@server/http/validate.ts';
import {
  externalParamSchema,
  idParamSchema,
  myCustomersQuerySchema,
  updateRemarkRequestSchema,
  updateSalutationRequestSchema,
} from './customers.schema.ts';
import { customerIdByExternal, customerProfile, myCustomers, updateRemark, updateSalutation } from './customers.service.ts';

/** Customer profile endpoints of the sidebar. */
export function routes(deps: AppDeps): Router<AppState> {
  const router = new Router<AppState>({ prefix: '/api' });

  router.get('/customers/by-external/:externalUserid', auth(deps), async (ctx) => {
    const { externalUserid } = parse(externalParamSchema, ctx.params);
    const body: CustomerByExternalResponse = { id: await customerIdByExternal(deps, actorOf(ctx), externalUserid) };
    ctx.body = body;
  });

  router.get('/customers/:id', auth(deps), async (ctx) => {
    const { id } = parse(idParamSchema, ctx.params);
    ctx.body = await customerProfile(deps, actorOf(ctx), id);
  });

  router.patch('/customers/:id/remark', auth(deps), async (ctx) => {
    const { id } = parse(idParamSchema, ctx.params);
    const input = parse(updateRemarkRequestSchema, ctx.request.body);
    ctx.body = await updateRemark(deps, actorOf(ctx), id, input);
  });

  router.put('/customers/:id/salutation', auth(deps), async (ctx) => {
    const { id } = parse(idParamSchema, ctx.params);
    const { salutation } = parse(updateSalutationRequestSchema, ctx.request.body);
    ctx.body = await updateSalutation(deps, actorOf(ctx), id, salutation);
  });

  router.get('/my/customers', auth(deps), async (ctx) => {
    const query = parse(myCustomersQuerySchema, ctx.query);
    ctx.body = await myCustomers(deps, actorOf(ctx), query);
  });

  return router;
}
