import Router from '@koa/router';
import type { GroupByChatResponse, UpdateGroupTagsResponse } from '@shared/api/groups.ts';
import type { OkResponse } from '@shared/api/page.ts';
import { actorOf, auth } from '@server/auth/auth.middleware.ts';
import type { AppDeps } from '@server/context.ts';
import type { AppState } from '@server/http/types.ts';
import { parse } from '@server/http/validate.ts';
import {
  chatParamSchema,
  createGroupTagRequestSchema,
  groupMembersQuerySchema,
  idParamSchema,
  updateGroupTagRequestSchema,
  updateGroupTagsRequestSchema,
} from './groups.schema.ts';
import {
  createGroupTag,
  deleteGroupTag,
  groupDetail,
  groupIdByChat,
  groupMembers,
  listGroupTags,
  updateGroupTag,
  updateGroupTags,
} from './groups.service.ts';

/** The group chat sidebar: group page, members with value segments and tags, our group tags. */
export function routes(deps: AppDeps): Router<AppState> {
  const router = new Router<AppState>({ prefix: '/api' });

  router.get('/groups/by-chat/:chatId', auth(deps), async (ctx) => {
    const { chatId } = parse(chatParamSchema, ctx.params);
    const body: GroupByChatResponse = { id: await groupIdByChat(deps, actorOf(ctx), chatId) };
    ctx.body = body;
  });

  router.get('/groups/:id', auth(deps), async (ctx) => {
    const { id } = parse(idParamSchema, ctx.params);
    ctx.body = await groupDetail(deps, actorOf(ctx), id);
  });

  router.get('/groups/:id/members', auth(deps), async (ctx) => {
    const { id } = parse(idParamSchema, ctx.params);
    ctx.body = await groupMembers(deps, actorOf(ctx), id, parse(groupMembersQuerySchema, ctx.query));
  });

  router.post('/groups/:id/tags', auth(deps), async (ctx) => {
    const { id } = parse(idParamSchema, ctx.params);
    const input = parse(updateGroupTagsRequestSchema, ctx.request.body);
    const body: UpdateGroupTagsResponse = { tags: await updateGroupTags(deps, actorOf(ctx), id, input) };
    ctx.body = body;
  });

  router.get('/group-tags', auth(deps), async (ctx) => {
    ctx.body = await listGroupTags(deps, actorOf(ctx));
  });

  router.patch('/group-tags/:id', auth(deps, { roles: ['admin', 'manager'] }), async (ctx) => {
    const { id } = parse(idParamSchema, ctx.params);
    const input = parse(updateGroupTagRequestSchema, ctx.request.body);
    ctx.body = { tag: await updateGroupTag(deps, actorOf(ctx), id, input, ctx.ip || null) };
  });

  router.delete('/group-tags/:id', auth(deps, { roles: ['admin', 'manager'] }), async (ctx) => {
    const { id } = parse(idParamSchema, ctx.params);
    await deleteGroupTag(deps, actorOf(ctx), id, ctx.ip || null);
    const body: OkResponse = { ok: true };
    ctx.body = body;
  });

  router.post('/group-tags', auth(deps, { roles: ['admin', 'manager'] }), async (ctx) => {
    const input = parse(createGroupTagRequestSchema, ctx.request.body);
    ctx.status = 201;
    ctx.body = { tag: await createGroupTag(deps, actorOf(ctx), ctx.ip || null, input) };
  });

  return router;
}
