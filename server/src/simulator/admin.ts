import type { Middleware } from 'koa';
import { z } from 'zod';
import type { CallbackSender } from './callbacks.ts';
import { callbackTargetSchema } from './callbacks.ts';
import type { SimContext } from './context.ts';
import { parseJsonText, readBodyText } from './http-body.ts';
import {
  SimMutationError,
  addFollowSchema,
  createCorpTagSchema,
  createGroupChatSchema,
  deleteCorpTagSchema,
  deleteFollowSchema,
  dismissGroupChatSchema,
  editCustomerSchema,
  updateCorpTagSchema,
  updateGroupChatSchema,
  type SimMutations,
} from './mutations.ts';
import type { CallStats } from './stats.ts';
import { switchesSchema } from './switches.ts';

export const ADMIN_PREFIX = '/sim/admin';

const rawEventSchema = z.object({
  event: z.string().min(1),
  fields: z.array(z.tuple([z.string().min(1), z.union([z.string(), z.number(), z.array(z.string())])])).default([]),
});

/** An admin handler: gets the parsed JSON body and query, returns the JSON answer. */
export type AdminHandler = (req: { body: unknown; query: URLSearchParams }) => unknown;

/** Method + path → handler for /sim/admin/*; extensions add their own. */
export class AdminRoutes {
  private routes = new Map<string, AdminHandler>();

  add(method: 'GET' | 'POST', path: string, handler: AdminHandler): void {
    if (!path.startsWith(`${ADMIN_PREFIX}/`)) throw new Error(`simulator admin routes live under ${ADMIN_PREFIX}/: ${path}`);
    const key = `${method} ${path}`;
    if (this.routes.has(key)) throw new Error(`duplicate admin route ${key}`);
    this.routes.set(key, handler);
  }

  get(method: string, path: string): AdminHandler | undefined {
    return this.routes.get(`${method} ${path}`);
  }

  list(): string[] {
    return [...this.routes.keys()].sort();
  }
}

/** Serves /sim/admin/*: JSON in, JSON out; bad input → 400, unknown things → 404, conflicts → 409. */
export function adminMiddleware(routes: AdminRoutes): Middleware {
  return async function simulatorAdmin(ctx, next) {
    if (!ctx.path.startsWith(`${ADMIN_PREFIX}/`)) {
      await next();
      return;
    }
    const handler = routes.get(ctx.method, ctx.path);
    if (!handler) {
      ctx.status = 404;
      ctx.body = { error: { id: 'not_found', message: `no admin route ${ctx.method} ${ctx.path}`, routes: routes.list() } };
      return;
    }
    let body: unknown;
    if (ctx.method === 'POST') {
      const text = await readBodyText(ctx);
      const parsed = text === undefined ? { ok: false as const } : parseJsonText(text);
      if (!parsed.ok) {
        ctx.status = 400;
        ctx.body = { error: { id: 'invalid_json', message: 'body must be JSON' } };
        return;
      }
      body = parsed.value;
    }
    try {
      ctx.body = (await handler({ body, query: new URLSearchParams(ctx.querystring) })) ?? { ok: true };
      ctx.status = 200;
    } catch (err) {
      if (err instanceof z.ZodError) {
        ctx.status = 400;
        ctx.body = { error: { id: 'invalid_request', message: err.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ') } };
      } else if (err instanceof SimMutationError) {
        ctx.status = err.status;
        ctx.body = { error: { id: 'mutation_rejected', message: err.message } };
      } else {
        throw err;
      }
    }
  };
}

export interface BuiltinAdminDeps {
  ctx: SimContext;
  stats: CallStats;
  callbacks: CallbackSender;
  mutations: SimMutations;
  apiPaths: () => string[];
}

/** The built-in admin endpoints: switches, stats, tokens, corp summary, callbacks, mutations. */
export function builtinAdminRoutes(routes: AdminRoutes, { ctx, stats, callbacks, mutations, apiPaths }: BuiltinAdminDeps): void {
  const { state, switches, tokens } = ctx;

  routes.add('GET', `${ADMIN_PREFIX}/switches`, () => switches.get());
  routes.add('POST', `${ADMIN_PREFIX}/switches`, ({ body }) => {
    return switches.update(
      switchesSchema
        .partial()
        .strict()
        .parse(body ?? {}),
    );
  });

  routes.add('GET', `${ADMIN_PREFIX}/stats`, () => stats.snapshot());
  routes.add('POST', `${ADMIN_PREFIX}/stats/reset`, () => {
    stats.reset();
    return stats.snapshot();
  });

  routes.add('POST', `${ADMIN_PREFIX}/tokens/expire`, () => {
    tokens.expireAll();
    return { ok: true };
  });

  routes.add('GET', `${ADMIN_PREFIX}/corp`, () => ({
    corpId: ctx.corp.corpId,
    agentId: ctx.corp.agentId,
    counts: state.counts(),
    endpoints: apiPaths(),
    adminRoutes: routes.list(),
  }));

  routes.add('GET', `${ADMIN_PREFIX}/callbacks`, ({ query }) => ({
    target: callbacks.getTarget(),
    pending: callbacks.pending(),
    recent: callbacks.recent(Number(query.get('limit') ?? 100) || 100),
  }));
  routes.add('POST', `${ADMIN_PREFIX}/callbacks`, ({ body }) =>
    callbacks.setTarget(
      callbackTargetSchema
        .partial()
        .strict()
        .parse(body ?? {}),
    ),
  );
  routes.add('POST', `${ADMIN_PREFIX}/callbacks/verify`, () => callbacks.verifyUrl());
  // Any other event (transfer_fail, add_half_external_contact, msgaudit_notify…) pushed as given, for tests.
  routes.add('POST', `${ADMIN_PREFIX}/callbacks/push`, ({ body }) => callbacks.push(rawEventSchema.parse(body ?? {})));
  routes.add('POST', `${ADMIN_PREFIX}/callbacks/flush`, async () => {
    await callbacks.flush();
    return { pending: callbacks.pending() };
  });

  // Each mutation validates again with the same schema; parsing here types the body for the call.
  const m = `${ADMIN_PREFIX}/mutations`;
  routes.add('POST', `${m}/follow/add`, ({ body }) => mutations.addFollow(addFollowSchema.parse(body ?? {})));
  routes.add('POST', `${m}/follow/delete`, ({ body }) => mutations.deleteFollow(deleteFollowSchema.parse(body ?? {})));
  routes.add('POST', `${m}/customer/edit`, ({ body }) => mutations.editCustomer(editCustomerSchema.parse(body ?? {})));
  routes.add('POST', `${m}/corp-tag/create`, ({ body }) => mutations.createCorpTags(createCorpTagSchema.parse(body ?? {})));
  routes.add('POST', `${m}/corp-tag/update`, ({ body }) => mutations.updateCorpTag(updateCorpTagSchema.parse(body ?? {})));
  routes.add('POST', `${m}/corp-tag/delete`, ({ body }) => mutations.deleteCorpTags(deleteCorpTagSchema.parse(body ?? {})));
  routes.add('POST', `${m}/group-chat/create`, ({ body }) => mutations.createGroupChat(createGroupChatSchema.parse(body ?? {})));
  routes.add('POST', `${m}/group-chat/update`, ({ body }) => mutations.updateGroupChat(updateGroupChatSchema.parse(body ?? {})));
  routes.add('POST', `${m}/group-chat/dismiss`, ({ body }) => mutations.dismissGroupChat(dismissGroupChatSchema.parse(body ?? {})));
}
