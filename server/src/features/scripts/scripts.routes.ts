import Router from '@koa/router';
import type { OkResponse } from '@shared/api/page.ts';
import type { ScriptFolderResponse, ScriptResponse } from '@shared/api/scripts.ts';
import { actorOf, auth } from '@server/auth/auth.middleware.ts';
import type { AppDeps } from '@server/context.ts';
import type { AppState } from '@server/http/types.ts';
import { parse } from '@server/http/validate.ts';
import { createFolder, createScript, deleteFolder, deleteScript, updateFolder, updateScript } from './script-library.service.ts';
import {
  createScriptFolderRequestSchema,
  createScriptRequestSchema,
  idParamSchema,
  scriptQuerySchema,
  scriptSendRequestSchema,
  scriptsQuerySchema,
  updateScriptFolderRequestSchema,
  updateScriptRequestSchema,
} from './scripts.schema.ts';
import { getScript, listScripts, scriptFolders, sendScript } from './scripts.service.ts';

const OK: OkResponse = { ok: true };

/** 话术库: list (ranked and rendered per chat), send, personal scripts, admin library management. */
export function routes(deps: AppDeps): Router<AppState> {
  const router = new Router<AppState>({ prefix: '/api' });
  const admin = auth(deps, { roles: ['admin'] });

  router.get('/script-folders', auth(deps), async (ctx) => {
    ctx.body = await scriptFolders(deps, actorOf(ctx));
  });

  router.get('/scripts', auth(deps), async (ctx) => {
    ctx.body = await listScripts(deps, actorOf(ctx), parse(scriptsQuerySchema, ctx.query));
  });

  router.get('/scripts/:id', auth(deps), async (ctx) => {
    const { id } = parse(idParamSchema, ctx.params);
    const body: ScriptResponse = { script: await getScript(deps, actorOf(ctx), id, parse(scriptQuerySchema, ctx.query)) };
    ctx.body = body;
  });

  router.post('/scripts/:id/sends', auth(deps), async (ctx) => {
    const { id } = parse(idParamSchema, ctx.params);
    const target = parse(scriptSendRequestSchema, ctx.request.body);
    ctx.status = 201;
    ctx.body = await sendScript(deps, actorOf(ctx), id, target);
  });

  // Personal scripts: only the owner sees and edits them.
  router.post('/my/scripts', auth(deps), async (ctx) => {
    const input = parse(createScriptRequestSchema, ctx.request.body);
    const body: ScriptResponse = { script: await createScript(deps, { scope: 'personal', actor: actorOf(ctx) }, input) };
    ctx.status = 201;
    ctx.body = body;
  });
  router.patch('/my/scripts/:id', auth(deps), async (ctx) => {
    const { id } = parse(idParamSchema, ctx.params);
    const input = parse(updateScriptRequestSchema, ctx.request.body);
    const body: ScriptResponse = { script: await updateScript(deps, { scope: 'personal', actor: actorOf(ctx) }, id, input) };
    ctx.body = body;
  });
  router.delete('/my/scripts/:id', auth(deps), async (ctx) => {
    const { id } = parse(idParamSchema, ctx.params);
    await deleteScript(deps, { scope: 'personal', actor: actorOf(ctx) }, id);
    ctx.body = OK;
  });

  // Corp library (admins; audit-logged).
  router.post('/admin/scripts', admin, async (ctx) => {
    const input = parse(createScriptRequestSchema, ctx.request.body);
    const body: ScriptResponse = { script: await createScript(deps, { scope: 'corp', actor: actorOf(ctx), ip: ctx.ip || null }, input) };
    ctx.status = 201;
    ctx.body = body;
  });
  router.patch('/admin/scripts/:id', admin, async (ctx) => {
    const { id } = parse(idParamSchema, ctx.params);
    const input = parse(updateScriptRequestSchema, ctx.request.body);
    const body: ScriptResponse = {
      script: await updateScript(deps, { scope: 'corp', actor: actorOf(ctx), ip: ctx.ip || null }, id, input),
    };
    ctx.body = body;
  });
  router.delete('/admin/scripts/:id', admin, async (ctx) => {
    const { id } = parse(idParamSchema, ctx.params);
    await deleteScript(deps, { scope: 'corp', actor: actorOf(ctx), ip: ctx.ip || null }, id);
    ctx.body = OK;
  });

  router.post('/admin/script-folders', admin, async (ctx) => {
    const input = parse(createScriptFolderRequestSchema, ctx.request.body);
    const body: ScriptFolderResponse = { folder: await createFolder(deps, actorOf(ctx), ctx.ip || null, input) };
    ctx.status = 201;
    ctx.body = body;
  });
  router.patch('/admin/script-folders/:id', admin, async (ctx) => {
    const { id } = parse(idParamSchema, ctx.params);
    const input = parse(updateScriptFolderRequestSchema, ctx.request.body);
    const body: ScriptFolderResponse = { folder: await updateFolder(deps, actorOf(ctx), ctx.ip || null, id, input) };
    ctx.body = body;
  });
  router.delete('/admin/script-folders/:id', admin, async (ctx) => {
    const { id } = parse(idParamSchema, ctx.params);
    await deleteFolder(deps, actorOf(ctx), ctx.ip || null, id);
    ctx.body = OK;
  });

  return router;
}
