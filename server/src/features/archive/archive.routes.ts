import Router from '@koa/router';
import { z } from 'zod';
import { enqueueArchivePull } from './archive.jobs.ts';
import { readCheckpoint } from './lease.ts';
import { consentLabel, customerConsent, refreshSingleConsent } from './consent.ts';
import { MsgauditClient } from './msgaudit-client.ts';
import { archiveCredentials, archiveReasonFor } from './archive-pull.ts';
import { actorOf, auth } from '@server/auth/auth.middleware.ts';
import type { AppDeps } from '@server/context.ts';
import { rowOr404 } from '@server/db/sql.ts';
import { SensitiveWordEntity } from '@server/entities/SensitiveWord.ts';
import { customerNotFound, sensitiveWordExists, sensitiveWordNotFound, staffNotFound } from '@server/http/error-catalog.ts';
import type { AppState } from '@server/http/types.ts';
import { parse } from '@server/http/validate.ts';
import { log } from '@server/logger.ts';
import { assertConversationAccess, assertCustomerAccess, assertStaffAccess, visibleStaffIds } from '@server/policy/policy.ts';
import { idParamSchema } from '@shared/api/page.ts';
import type { ArchiveConsentResponse, ChatResponse, SensitiveWordDto } from './archive.schema.ts';
import { chatQuerySchema, createSensitiveWordSchema, flagQuerySchema, replyStatsQuerySchema } from './archive.schema.ts';
import { auditTranscriptRead, readTranscript, replyStats } from './archive.service.ts';
import { listFlags } from './flags.service.ts';

const consentQuerySchema = z.object({ refresh: z.enum(['0', '1']).optional() });

/**
 * Session archive API: 聊天记录 (transcript), consent, sensitive words, flags,
 * reply-time stats and pull status.
 */
export function routes(deps: AppDeps): Router<AppState> {
  const router = new Router<AppState>({ prefix: '/api' });
  const { ds } = deps;

  router.get('/customers/:id/chat', auth(deps), async (ctx) => {
    const actor = actorOf(ctx);
    const { id } = parse(idParamSchema, ctx.params);
    const q = parse(chatQuerySchema, ctx.query);
    const staffId = q.staffId ?? actor.staffId;
    await assertConversationAccess(ds, actor, id, staffId);
    const staff = await rowOr404<{ id: number; userid: string; name: string }>(
      ds,
      'SELECT id, userid, name FROM staff WHERE id = ?',
      [staffId],
      staffNotFound,
    );
    const consent = await customerConsent(ds, id);
    const status = consent?.rows.find((r) => r.staffId === staffId)?.status ?? 'unknown';
    const page = await readTranscript(ds, { customerId: id, staffId, q: q.q, cursor: q.cursor, limit: q.limit });
    await auditTranscriptRead(ds, {
      actorUserid: actor.userid,
      customerId: id,
      staffId,
      q: q.q,
      page: Boolean(q.cursor),
      count: page.items.length,
      ip: ctx.ip,
    });
    const body: ChatResponse = {
      ...page,
      staff: { id: Number(staff.id), userid: staff.userid, name: staff.name },
      consent: status,
      consentLabel: consentLabel(status),
    };
    ctx.body = body;
  });

  router.get('/customers/:id/archive-consent', auth(deps), async (ctx) => {
    const actor = actorOf(ctx);
    const { id } = parse(idParamSchema, ctx.params);
    const { refresh } = parse(consentQuerySchema, ctx.query);
    await assertCustomerAccess(ds, actor, id);
    let consent = await customerConsent(ds, id);
    if (!consent) throw customerNotFound();
    const creds = refresh === '1' ? archiveCredentials(deps) : undefined;
    if (creds && consent.rows.length > 0) {
      try {
        await refreshSingleConsent(
          ds,
          new MsgauditClient(creds),
          consent.rows.map((r) => ({ userid: r.staffUserid, externalUserid: consent?.externalUserid ?? '' })),
        );
        consent = (await customerConsent(ds, id)) ?? consent;
      } catch (err) {
        // The stored state is still worth showing; WeCom being unreachable is logged, not fatal.
        log('archive').warn({ err }, 'check_single_agree failed');
      }
    }
    const mine = consent.rows.find((r) => r.staffId === actor.staffId);
    const body: ArchiveConsentResponse = {
      customerId: id,
      mine: mine ? { status: mine.status, label: consentLabel(mine.status), changedAt: mine.changedAt?.toISOString() ?? null } : null,
      items: consent.rows.map((r) => ({
        staff: { id: r.staffId, userid: r.staffUserid, name: r.staffName },
        status: r.status,
        label: consentLabel(r.status),
        changedAt: r.changedAt?.toISOString() ?? null,
      })),
    };
    ctx.body = body;
  });

  const admin = auth(deps, { roles: ['admin'] });
  const present = (w: { id: number; word: string; createdBy: string | null; createdAt: Date }): SensitiveWordDto => ({
    id: w.id,
    word: w.word,
    createdBy: w.createdBy,
    createdAt: w.createdAt.toISOString(),
  });

  router.get('/admin/sensitive-words', admin, async (ctx) => {
    const words = await ds.getRepository(SensitiveWordEntity).find({ order: { word: 'ASC' } });
    ctx.body = { items: words.map(present) };
  });

  router.post('/admin/sensitive-words', admin, async (ctx) => {
    const actor = actorOf(ctx);
    const { word } = parse(createSensitiveWordSchema, ctx.request.body);
    const repo = ds.getRepository(SensitiveWordEntity);
    if (await repo.findOne({ where: { word } })) throw sensitiveWordExists();
    await repo.insert({ word, createdBy: actor.userid });
    const saved = await repo.findOneOrFail({ where: { word } });
    ctx.status = 201;
    ctx.body = present(saved);
  });

  router.delete('/admin/sensitive-words/:id', admin, async (ctx) => {
    const { id } = parse(idParamSchema, ctx.params);
    const result = await ds.getRepository(SensitiveWordEntity).delete({ id });
    if (!result.affected) throw sensitiveWordNotFound();
    ctx.body = { ok: true };
  });

  router.get('/archive/flags', auth(deps, { roles: ['manager', 'admin'] }), async (ctx) => {
    const actor = actorOf(ctx);
    const q = parse(flagQuerySchema, ctx.query);
    if (q.staffId) await assertStaffAccess(ds, actor, [q.staffId]);
    const scope = q.staffId ? [q.staffId] : await visibleStaffIds(ds, actor);
    ctx.body = await listFlags(ds, { staffIds: scope, cursor: q.cursor, limit: q.limit });
  });

  router.get('/archive/reply-stats', auth(deps), async (ctx) => {
    const actor = actorOf(ctx);
    const q = parse(replyStatsQuerySchema, ctx.query);
    if (q.staffId) await assertStaffAccess(ds, actor, [q.staffId]);
    const scope = q.staffId ? [q.staffId] : await visibleStaffIds(ds, actor);
    ctx.body = { items: await replyStats(ds, { from: q.from, to: q.to, staffIds: scope }) };
  });

  router.get('/archive/status', admin, async (ctx) => {
    const cp = await readCheckpoint(ds);
    const reason = archiveReasonFor(deps);
    ctx.body = {
      configured: reason === undefined,
      reason: reason ?? null,
      seq: cp.seq,
      messagesTotal: cp.messagesTotal,
      lastPullAt: cp.lastPullAt?.toISOString() ?? null,
      lastError: cp.lastError,
      pulling: cp.leaseOwner !== null,
    };
  });

  router.post('/archive/pull', admin, async (ctx) => {
    await enqueueArchivePull(deps, 'api');
    ctx.status = 202;
    ctx.body = { queued: true };
  });

  return router;
}
