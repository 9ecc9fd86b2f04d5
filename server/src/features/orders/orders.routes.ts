import { createHmac, timingSafeEqual } from 'node:crypto';
import Router from '@koa/router';
import { audit } from '@server/audit/audit.ts';
import { actorOf, auth } from '@server/auth/auth.middleware.ts';
import type { AppDeps } from '@server/context.ts';
import { invalidJson, invalidSignature, orderWebhookDisabled, unsupportedMediaType } from '@server/http/error-catalog.ts';
import type { AppState } from '@server/http/types.ts';
import { parse } from '@server/http/validate.ts';
import { log } from '@server/logger.ts';
import { importOrdersCsv } from './import-csv.ts';
import { ingestOrders } from './ingest.ts';
import { assertCustomerAccess } from '@server/policy/policy.ts';
import { publish } from '@server/events.ts';
import { idParamSchema } from '@shared/api/page.ts';
import { listCustomerOrders, listUnmatchedOrders } from './orders.service.ts';
import { listQuerySchema, orderWebhookBodySchema } from './orders.schema.ts';

/** Constant-time check of `X-Signature` = hex HMAC-SHA256(secret, raw body). */
export function verifySignature(secret: string, raw: Buffer, header: string | undefined): boolean {
  if (!header || !/^[0-9a-fA-F]{64}$/.test(header.trim())) return false;
  const expected = createHmac('sha256', secret).update(raw).digest();
  const given = Buffer.from(header.trim(), 'hex');
  return given.length === expected.length && timingSafeEqual(given, expected);
}

/**
 * POST /api/integrations/orders      signed order webhook (one order or { orders: [...] })
 * POST /api/admin/orders/import      (admin) CSV body, one row per order item
 * GET  /api/admin/orders/unmatched   (admin) orders no customer matched yet
 * GET  /api/customers/:id/orders     the profile's order list (access policy applies)
 */
export function routes(deps: AppDeps): Router<AppState> {
  const router = new Router<AppState>({ prefix: '/api' });

  router.post('/integrations/orders', async (ctx) => {
    const secret = deps.config.ORDER_WEBHOOK_SECRET;
    if (!secret) throw orderWebhookDisabled();
    const raw = ctx.request.rawBody ?? Buffer.alloc(0);
    if (!verifySignature(secret, raw, ctx.get('x-signature') || undefined)) {
      log('orders').warn({ requestId: ctx.state.requestId }, 'order webhook with a bad or missing signature');
      throw invalidSignature();
    }
    let json: unknown;
    try {
      json = JSON.parse(raw.toString('utf8'));
    } catch {
      throw invalidJson();
    }
    const { orders } = parse(orderWebhookBodySchema, json);
    ctx.body = await ingestOrders(deps.ds, orders);
  });

  router.post('/admin/orders/import', auth(deps, { roles: ['admin'] }), async (ctx) => {
    if (!ctx.is('text/csv', 'text/plain')) throw unsupportedMediaType();
    const text = (ctx.request.rawBody ?? Buffer.alloc(0)).toString('utf8');
    const result = await importOrdersCsv(deps.ds, text);
    await audit(
      deps.ds.manager,
      actorOf(ctx),
      'orders.import',
      { type: 'orders' },
      {
        rows: result.rows,
        inserted: result.inserted,
        updated: result.updated,
        rejected: result.rejected,
        invalid: result.invalid.length,
      },
      ctx.ip,
    );
    if (result.inserted + result.updated > 0) publish(deps, 'orders.imported', { inserted: result.inserted, updated: result.updated });
    ctx.body = result;
  });

  router.get('/admin/orders/unmatched', auth(deps, { roles: ['admin'] }), async (ctx) => {
    const q = parse(listQuerySchema, ctx.query);
    ctx.body = await listUnmatchedOrders(deps.ds, q.cursor, q.limit);
  });

  router.get('/customers/:id/orders', auth(deps), async (ctx) => {
    const { id } = parse(idParamSchema, ctx.params);
    await assertCustomerAccess(deps.ds, actorOf(ctx), id);
    const q = parse(listQuerySchema, ctx.query);
    ctx.body = await listCustomerOrders(deps.ds, id, q.cursor, q.limit);
  });
  return router;
}
