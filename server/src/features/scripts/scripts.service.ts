import { z } from 'zod';
import type { ScriptFoldersResponse, ScriptItem, ScriptSendResponse, ScriptsResponse } from '@shared/api/scripts.ts';
import type { ScriptBody } from '@shared/scripts/content.ts';
import { chatMessageOf, renderScriptBody } from '@shared/scripts/message.ts';
import type { ScriptVars } from '@shared/scripts/render.ts';
import { isOffered, recommendScript, type Recommendation } from '@shared/scripts/applicability.ts';
import { compareRanked, scoreScript, type TargetPart } from '@shared/scripts/score.ts';
import { shanghaiDay } from '@shared/time.ts';
import type { Actor } from '@server/auth/actor.ts';
import type { AppDeps } from '@server/context.ts';
import { cursorCodec, dbTime, select } from '@server/db/sql.ts';
import { ScriptSendEntity } from '@server/entities/ScriptSend.ts';
import { invalidInput, scriptMediaMissing, scriptNotFound, scriptNotOffered, scriptTextNotEditable } from '@server/http/error-catalog.ts';
import { assertCustomerAccess, assertGroupAccess } from '@server/policy/policy.ts';
import { markContacted, recordInteractions } from '@server/features/timeline/index.ts';
import { mediaIdFor } from '@server/features/channels/index.ts';
import { wecomClientFor } from '@server/wecom/client.ts';
import { customerScriptContext, groupScriptContext, type ChatDay, type CustomerScriptContext } from './render-vars.ts';
import { loadScript, loadUsableScripts, type ScriptRecord } from './script-store.ts';
import { presentFolder, presentScript } from './scripts.presenter.ts';

/** Offset into the ranked list. */
const offsetCursor = cursorCodec(z.tuple([z.number()]));

/** GET /api/script-folders — corp folders and the actor's personal ones. */
export async function scriptFolders(deps: AppDeps, actor: Actor): Promise<ScriptFoldersResponse> {
  const rows = await select<{ id: number; name: string; parent_id: number | null; scope: string; sort_order: number }>(
    deps.ds,
    `SELECT id, name, parent_id, scope, sort_order FROM script_folder
      WHERE scope = 'corp' OR (scope = 'personal' AND owner_staff_id = ?)
      ORDER BY sort_order DESC, id ASC`,
    [actor.staffId],
  );
  return { folders: rows.map(presentFolder) };
}

type Ranked = { s: ScriptRecord; score: number; matched: TargetPart[]; rec: Recommendation };
const UNRANKED = { score: 0, matched: [] as TargetPart[], rec: { recommended: false, reason: null } };

/** Offered scripts for one customer, with their targeting score and whether (and why) they are 推荐. */
function rankForCustomer(scripts: ScriptRecord[], ctx: CustomerScriptContext): Ranked[] {
  const target = { segment: ctx.open.segment, stage: ctx.open.stage, tagIds: new Set(ctx.open.tagIds) };
  return scripts
    .filter((s) => isOffered(s, ctx.today, ctx.holiday))
    .map((s) => {
      const score = scoreScript(s, target);
      const rec: Recommendation =
        s.conditions === 'never'
          ? { recommended: false, reason: null }
          : recommendScript({ ...s, conditions: s.conditions }, ctx.open.facts, score, ctx.holiday);
      return { s, ...score, rec };
    });
}

/**
 * The script list of the sidebar. For a customer: the 1v1 scripts offered today (validity window,
 * holiday calendar), 推荐 first (conditions hold and targeting fits, with the reason), then by
 * targeting score and recent use, rendered for that customer. For a group: the group scripts offered
 * today, rendered with the group's name. Without a chat (the admin page): every script. Offset cursor
 * over the ranked list (the library is small and ranking is per customer, so it is computed in memory).
 */
export async function listScripts(
  deps: AppDeps,
  actor: Actor,
  query: { customerId?: number; groupId?: number; q?: string; folderId?: number; cursor?: string; limit: number },
): Promise<ScriptsResponse> {
  if (query.customerId !== undefined && query.groupId !== undefined) {
    throw invalidInput([{ path: ['groupId'], message: 'customerId 与 groupId 只能填一个' }]);
  }
  let vars: ScriptVars | null = null;
  let ranked: Ranked[];
  const filter = { ...(query.q ? { q: query.q } : {}), ...(query.folderId !== undefined ? { folderId: query.folderId } : {}) };
  if (query.customerId !== undefined) {
    await assertCustomerAccess(deps.ds, actor, query.customerId);
    const [ctx, scripts] = await Promise.all([
      customerScriptContext(deps.ds, actor, query.customerId),
      loadUsableScripts(deps.ds, actor.staffId, { ...filter, forGroup: false }),
    ]);
    vars = ctx.vars;
    ranked = rankForCustomer(scripts, ctx);
  } else if (query.groupId !== undefined) {
    await assertGroupAccess(deps.ds, actor, query.groupId);
    const [ctx, scripts] = await Promise.all([
      groupScriptContext(deps.ds, actor, query.groupId),
      loadUsableScripts(deps.ds, actor.staffId, { ...filter, forGroup: true }),
    ]);
    vars = ctx.vars;
    ranked = scripts.filter((s) => isOffered(s, ctx.today, ctx.holiday)).map((s) => ({ s, ...UNRANKED }));
  } else {
    ranked = (await loadUsableScripts(deps.ds, actor.staffId, filter)).map((s) => ({ s, ...UNRANKED }));
  }
  ranked.sort(
    (a, b) =>
      Number(b.rec.recommended) - Number(a.rec.recommended) ||
      compareRanked(
        { id: a.s.id, score: a.score, lastSentAt: a.s.lastSentAt, sendCount: a.s.sendCount },
        { id: b.s.id, score: b.score, lastSentAt: b.s.lastSentAt, sendCount: b.s.sendCount },
      ),
  );
  const offset = query.cursor ? offsetCursor.decode(query.cursor)[0] : 0;
  const page = ranked.slice(offset, offset + query.limit);
  const items: ScriptItem[] = page.map((r) =>
    presentScript(r.s, { actorStaffId: actor.staffId, vars, score: r.score, matched: r.matched, recommendation: r.rec }),
  );
  const next = offset + query.limit;
  return { items, nextCursor: next < ranked.length ? offsetCursor.encode([next]) : null };
}

/** A usable script (corp, or the actor's own) or 404. */
async function usableScript(deps: AppDeps, actor: Actor, scriptId: number): Promise<ScriptRecord> {
  const script = await loadScript(deps.ds, scriptId);
  if (!script || (script.scope === 'personal' && script.ownerStaffId !== actor.staffId)) throw scriptNotFound();
  return script;
}

/** The chat a script is rendered for (access checked): its variables and day, plus the customer's ranking context. */
async function chatContext(
  deps: AppDeps,
  actor: Actor,
  target: { customerId?: number; groupId?: number },
): Promise<(ChatDay & { vars: ScriptVars; customer: CustomerScriptContext | null }) | null> {
  if (target.customerId !== undefined) {
    await assertCustomerAccess(deps.ds, actor, target.customerId);
    const ctx = await customerScriptContext(deps.ds, actor, target.customerId);
    return { ...ctx, customer: ctx };
  }
  if (target.groupId !== undefined) {
    await assertGroupAccess(deps.ds, actor, target.groupId);
    return { ...(await groupScriptContext(deps.ds, actor, target.groupId)), customer: null };
  }
  return null;
}

/** GET /api/scripts/:id — one script rendered for the chat exactly as it would be sent (the send preview). */
export async function getScript(
  deps: AppDeps,
  actor: Actor,
  scriptId: number,
  target: { customerId?: number; groupId?: number },
): Promise<ScriptItem> {
  if (target.customerId !== undefined && target.groupId !== undefined) {
    throw invalidInput([{ path: ['groupId'], message: 'customerId 与 groupId 只能填一个' }]);
  }
  const script = await usableScript(deps, actor, scriptId);
  const ctx = await chatContext(deps, actor, target);
  if (!ctx) return presentScript(script, { actorStaffId: actor.staffId, vars: null });
  if (!isOffered(script, ctx.today, ctx.holiday)) throw scriptNotOffered();
  const r = ctx.customer ? rankForCustomer([script], ctx.customer)[0] : undefined;
  return presentScript(script, {
    actorStaffId: actor.staffId,
    vars: ctx.vars,
    score: r?.score,
    matched: r?.matched,
    recommendation: r?.rec,
  });
}

/**
 * An image stored on this server gets the media id WeCom sends it by (cached for most of its 3 days,
 * uploaded again after); a pasted media id is kept as it is.
 */
async function withUploadedImage(deps: AppDeps, body: ScriptBody): Promise<ScriptBody> {
  if (body.type !== 'image' || body.content.mediaId || body.content.assetId === undefined) return body;
  const mediaId = await mediaIdFor(deps.ds, wecomClientFor(deps), body.content.assetId);
  return { type: 'image', content: { ...body.content, mediaId } };
}

/**
 * Sending a script from the sidebar: renders it for the chat, logs script_send,
 * writes a script_sent interaction (on the customer, or on the group) and bumps the
 * script's counters, in one transaction; returns the ww.sendChatMessage payload.
 */
export async function sendScript(
  deps: AppDeps,
  actor: Actor,
  scriptId: number,
  target: { customerId?: number; groupId?: number; text?: string },
): Promise<ScriptSendResponse> {
  const script = await usableScript(deps, actor, scriptId);
  const ctx = await chatContext(deps, actor, target);
  if (!ctx) throw invalidInput([{ path: ['customerId'], message: 'customerId 与 groupId 须且只能填一个' }]);
  if (!isOffered(script, ctx.today, ctx.holiday)) throw scriptNotOffered();
  let rendered = renderScriptBody(script.body, ctx.vars);
  if (target.text !== undefined) {
    // The guide edited the previewed text: what they confirmed is what is sent.
    if (rendered.type !== 'text') throw scriptTextNotEditable();
    rendered = { type: 'text', content: { text: target.text } };
  }
  const message = chatMessageOf(await withUploadedImage(deps, rendered));
  if (!message) throw scriptMediaMissing();
  const now = new Date();
  const customerId = target.customerId ?? null;
  const groupId = target.groupId ?? null;
  const sendId = await deps.ds.transaction(async (em) => {
    const result = await em
      .createQueryBuilder()
      .insert()
      .into(ScriptSendEntity)
      .values({
        scriptId,
        staffId: actor.staffId,
        customerId,
        groupId,
        sentAt: now,
        day: shanghaiDay(now),
      })
      .execute();
    await em.query('UPDATE script SET send_count = send_count + 1, last_sent_at = ? WHERE id = ?', [dbTime(now), scriptId]);
    await recordInteractions(em, [
      {
        customerId,
        groupId,
        staffId: actor.staffId,
        type: 'script_sent',
        occurredAt: now,
        source: 'sidebar',
        dedupeKey: null,
        payload: {
          scriptId,
          scriptTitle: script.title,
          scriptType: script.body.type,
          ...(rendered.type === 'text' ? { text: rendered.content.text } : {}),
          ...(target.text !== undefined ? { edited: true } : {}),
        },
      },
    ]);
    if (customerId !== null) await markContacted(em, customerId, now);
    return Number(result.identifiers[0]?.id);
  });
  return { sendId, message };
}
