import { z } from 'zod';
import type { ScriptFoldersResponse, ScriptItem, ScriptSendResponse, ScriptsResponse } from '@shared/api/scripts.ts';
import { chatMessageOf, renderScriptBody } from '@shared/scripts/message.ts';
import type { ScriptVars } from '@shared/scripts/render.ts';
import { compareRanked, scoreScript } from '@shared/scripts/score.ts';
import { shanghaiDay } from '@shared/time.ts';
import type { Actor } from '@server/auth/actor.ts';
import type { AppDeps } from '@server/context.ts';
import { cursorCodec, dbTime, select } from '@server/db/sql.ts';
import { ScriptSendEntity } from '@server/entities/ScriptSend.ts';
import { invalidInput, scriptMediaMissing, scriptNotFound } from '@server/http/error-catalog.ts';
import { assertCustomerAccess, assertGroupAccess } from '@server/policy/policy.ts';
import { recordInteractions } from '@server/features/timeline/index.ts';
import { customerScriptContext, groupScriptVars } from './render-vars.ts';
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

/**
 * The script list of the sidebar. For a customer: 1v1 scripts ordered by how
 * well their targeting matches the customer (shared scoreScript), then by recent
 * use, rendered for that customer. For a group: group scripts only, rendered with
 * the group's name. Offset cursor over the ranked list (the library is small and
 * ranking is per customer, so it is computed in memory per request).
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
  let ranked: Array<{ s: ScriptRecord; score: number; matched: ReturnType<typeof scoreScript>['matched'] }>;
  const filter = { ...(query.q ? { q: query.q } : {}), ...(query.folderId !== undefined ? { folderId: query.folderId } : {}) };
  if (query.customerId !== undefined) {
    await assertCustomerAccess(deps.ds, actor, query.customerId);
    const [ctx, scripts] = await Promise.all([
      customerScriptContext(deps.ds, actor, query.customerId),
      loadUsableScripts(deps.ds, actor.staffId, { ...filter, forGroup: false }),
    ]);
    vars = ctx.vars;
    ranked = scripts.map((s) => ({ s, ...scoreScript(s, ctx) }));
  } else if (query.groupId !== undefined) {
    await assertGroupAccess(deps.ds, actor, query.groupId);
    const [groupVars, scripts] = await Promise.all([
      groupScriptVars(deps.ds, actor, query.groupId),
      loadUsableScripts(deps.ds, actor.staffId, { ...filter, forGroup: true }),
    ]);
    vars = groupVars;
    ranked = scripts.map((s) => ({ s, score: 0, matched: [] }));
  } else {
    ranked = (await loadUsableScripts(deps.ds, actor.staffId, filter)).map((s) => ({ s, score: 0, matched: [] }));
  }
  ranked.sort((a, b) =>
    compareRanked(
      { id: a.s.id, score: a.score, lastSentAt: a.s.lastSentAt, sendCount: a.s.sendCount },
      { id: b.s.id, score: b.score, lastSentAt: b.s.lastSentAt, sendCount: b.s.sendCount },
    ),
  );
  const offset = query.cursor ? offsetCursor.decode(query.cursor)[0] : 0;
  const page = ranked.slice(offset, offset + query.limit);
  const items: ScriptItem[] = page.map((r) =>
    presentScript(r.s, { actorStaffId: actor.staffId, vars, score: r.score, matched: r.matched }),
  );
  const next = offset + query.limit;
  return { items, nextCursor: next < ranked.length ? offsetCursor.encode([next]) : null };
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
  target: { customerId?: number; groupId?: number },
): Promise<ScriptSendResponse> {
  const script = await loadScript(deps.ds, scriptId);
  if (!script || (script.scope === 'personal' && script.ownerStaffId !== actor.staffId)) {
    throw scriptNotFound();
  }
  let vars: ScriptVars;
  if (target.customerId !== undefined) {
    await assertCustomerAccess(deps.ds, actor, target.customerId);
    vars = (await customerScriptContext(deps.ds, actor, target.customerId)).vars;
  } else if (target.groupId !== undefined) {
    await assertGroupAccess(deps.ds, actor, target.groupId);
    vars = await groupScriptVars(deps.ds, actor, target.groupId);
  } else {
    throw invalidInput([{ path: ['customerId'], message: 'customerId 与 groupId 须且只能填一个' }]);
  }
  const rendered = renderScriptBody(script.body, vars);
  const message = chatMessageOf(rendered);
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
        },
      },
    ]);
    if (customerId !== null) {
      // Sending a message is contact: "days since last contact" restarts.
      await em.query(
        'UPDATE customer SET last_interaction_at = ? WHERE id = ? AND (last_interaction_at IS NULL OR last_interaction_at < ?)',
        [dbTime(now), customerId, dbTime(now)],
      );
    }
    return Number(result.identifiers[0]?.id);
  });
  return { sendId, message };
}
