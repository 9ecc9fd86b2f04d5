import Router from '@koa/router';
import { actorOf, auth } from '@server/auth/auth.middleware.ts';
import type { AppDeps } from '@server/context.ts';
import type { AppState } from '@server/http/types.ts';
import { parse } from '@server/http/validate.ts';
import {
  createCorpTagRequestSchema,
  idParamSchema,
  tagGroupParamSchema,
  tagGroupSettingsRequestSchema,
  updateCustomerTagsRequestSchema,
} from './tags.schema.ts';
import { createCorpTag, customerTags, tagGroups, updateCustomerTags, updateTagGroupSettings } from './tags.service.ts';

/** Corp tags: the catalog, tagging a customer (written back to WeCom), adding a tag to a group, single-choice groups. */
export function routes(deps: AppDeps): Router<AppState> {
  const router = new Router<AppState>({ prefix: '/api' });

  router.get('/tag-groups', auth(deps), async (ctx) => {
    ctx.body = await tagGroups(deps, actorOf(ctx));
  });

  router.get('/customers/:id/tags', auth(deps), async (ctx) => {
    const { id } = parse(idParamSchema, ctx.params);
    ctx.body = await customerTags(deps, actorOf(ctx), id);
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

  router.put('/tag-groups/:groupId/settings', auth(deps, { roles: ['admin'] }), async (ctx) => {
    const { groupId } = parse(tagGroupParamSchema, ctx.params);
    const input = parse(tagGroupSettingsRequestSchema, ctx.request.body);
    ctx.body = await updateTagGroupSettings(deps, actorOf(ctx), groupId, input, ctx.ip || null);
  });

  return router;
}
