import Router from '@koa/router';
import { actorOf, auth } from '@server/auth/auth.middleware.ts';
import type { AppDeps } from '@server/context.ts';
import type { AppState } from '@server/http/types.ts';
import { parse } from '@server/http/validate.ts';
import { createCorpTagRequestSchema, idParamSchema, tagGroupParamSchema, updateCustomerTagsRequestSchema } from './tags.schema.ts';
import { createCorpTag, tagGroups, updateCustomerTags } from './tags.service.ts';

/** Corp tags: the catalog, tagging a customer (written back to WeCom), adding a tag to a group. */
export function routes(deps: AppDeps): Router<AppState> {
  const router = new Router<AppState>({ prefix: '/api' });

  router.get('/tag-groups', auth(deps), async (ctx) => {
    ctx.body = await tagGroups(deps, actorOf(ctx));
  });

  router.post('/customers/:id/tags', auth(deps), async (ctx) => {
    const { id } = parse(idParamSchema, ctx.params);
    const input = parse(updateCustomerTagsRequestSchema, ctx.request.body);
    ctx.body = await updateCustomerTags(deps, actorOf(ctx), id, input);
  });

  router.post('/tag-groups/:groupId/tags', auth(deps), async (ctx) => {
    const { groupId } = parse(tagGroupParamSchema, ctx.params);
    const { name } = parse(createCorpTagRequestSchema, ctx.request.body);
    ctx.status = 201;
    ctx.body = await createCorpTag(deps, actorOf(ctx), groupId, name, ctx.ip || null);
  });

  return router;
}
