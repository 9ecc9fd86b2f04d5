import { randomBytes } from 'node:crypto';
import { In, IsNull } from 'typeorm';
import { joinWayInputSchema, type JoinWayGroupOptions, type JoinWayList, type JoinWayView } from '@shared/api/channels.ts';
import { audit } from '@server/audit/audit.ts';
import type { Actor } from '@server/auth/actor.ts';
import type { AppDeps } from '@server/context.ts';
import { GroupJoinWayEntity, type GroupJoinWay } from '@server/entities/GroupJoinWay.ts';
import { forbiddenChannel, joinWayNotFound, unknownGroupChat } from '@server/http/error-catalog.ts';
import { parse } from '@server/http/validate.ts';
import { marks, select } from '@server/db/sql.ts';
import { wecomClientFor, type WecomClient } from '@server/wecom/client.ts';
import type { AddJoinWayRequest } from '@server/wecom/schemas-acquisition.ts';
import { channelWecomError } from './contact-way-sync.ts';
import { assertCodeInScope, codeDepartment, codeScope } from './code-scope.ts';

/** Our state key for a join way: ≤ 30 characters as WeCom requires; `gj_` tells it from a contact way's. */
function newJoinStateKey(): string {
  return `gj_${randomBytes(9).toString('base64url')}`;
}

/**
 * What add_join_way and update_join_way are sent for a code (also what the demo gives back to the
 * simulator after a restart). Room numbering of auto-created groups starts at the next one after the chosen groups.
 */
export function joinWayFields(w: Pick<GroupJoinWay, 'name' | 'stateKey' | 'chatIds' | 'autoCreate' | 'roomBaseName'>): AddJoinWayRequest {
  return {
    scene: 2,
    remark: [...w.name].slice(0, 30).join(''),
    auto_create_room: w.autoCreate ? 1 : 0,
    ...(w.autoCreate ? { room_base_name: w.roomBaseName ?? w.name, room_base_id: w.chatIds.length + 1 } : {}),
    chat_id_list: w.chatIds,
    state: w.stateKey,
  };
}

function present(w: GroupJoinWay, joins: Map<number, number>): JoinWayView {
  return {
    id: w.id,
    name: w.name,
    stateKey: w.stateKey,
    departmentId: w.departmentId,
    chatIds: w.chatIds,
    autoCreateRoom: w.autoCreate,
    roomBaseName: w.roomBaseName,
    welcomeText: w.welcomeText,
    templateId: w.templateId,
    qrUrl: w.qrCode ? `/api/channels/join-ways/${w.id}/qr.png` : null,
    joinsTotal: joins.get(w.id) ?? 0,
    createdAt: w.createdAt.toISOString(),
  };
}

async function views(deps: AppDeps, ways: GroupJoinWay[]): Promise<JoinWayView[]> {
  const ids = ways.map((w) => w.id);
  const counts =
    ids.length === 0
      ? []
      : await select<{ join_way_id: number; n: number | string }>(
          deps.ds,
          `SELECT join_way_id, COUNT(*) AS n FROM group_join WHERE join_way_id IN (${marks(ids.length)}) GROUP BY join_way_id`,
          ids,
        );
  const joins = new Map(counts.map((c) => [Number(c.join_way_id), Number(c.n)]));
  return ways.map((w) => present(w, joins));
}

/** The join ways the actor manages (admins all, managers their departments'). */
export async function listJoinWays(deps: AppDeps, actor: Actor): Promise<JoinWayList> {
  const scope = await codeScope(deps, actor);
  const rows = await deps.ds.getRepository(GroupJoinWayEntity).find({
    where: scope === undefined ? { deletedAt: IsNull() } : { deletedAt: IsNull(), departmentId: In(scope) },
    order: { id: 'DESC' },
  });
  return { items: await views(deps, rows) };
}

/** One join way the actor manages (404 unknown or deleted, 403 another department's). */
export async function loadManagedJoinWay(deps: AppDeps, actor: Actor, id: number): Promise<GroupJoinWay> {
  const scope = await codeScope(deps, actor);
  const w = await deps.ds.getRepository(GroupJoinWayEntity).findOne({ where: { id, deletedAt: IsNull() } });
  if (!w) throw joinWayNotFound();
  assertCodeInScope(scope, w.departmentId);
  return w;
}

export async function getJoinWay(deps: AppDeps, actor: Actor, id: number): Promise<JoinWayView> {
  const [view] = await views(deps, [await loadManagedJoinWay(deps, actor, id)]);
  if (!view) throw joinWayNotFound();
  return view;
}

/** Input checked against the actor's scope; every chat must be a live customer group of a staff member the actor sees. */
async function checkedInput(deps: AppDeps, actor: Actor, body: unknown, kept?: { departmentId: number | null }) {
  const input = parse(joinWayInputSchema, body);
  const scope = await codeScope(deps, actor);
  const departmentId = codeDepartment(input.departmentId, scope, kept);
  const known = await select<{ chat_id: string; dept: number | null }>(
    deps.ds,
    `SELECT g.chat_id, s.main_department_id AS dept FROM group_chat g LEFT JOIN staff s ON s.userid = g.owner_userid
      WHERE g.dismissed_at IS NULL AND g.chat_id IN (${marks(input.chatIds.length)})`,
    input.chatIds,
  );
  const found = new Map(known.map((k) => [k.chat_id, k.dept === null ? null : Number(k.dept)]));
  const missing = input.chatIds.filter((id) => !found.has(id));
  if (missing.length > 0) throw unknownGroupChat(missing);
  if (scope !== undefined && input.chatIds.some((id) => !scope.includes(found.get(id) ?? -1))) throw forbiddenChannel();
  return { ...input, departmentId, roomBaseName: input.roomBaseName || null, welcomeText: input.welcomeText?.trim() || null };
}

/** The group welcome template in WeCom in step with the text: added, edited, or deleted when the text goes. */
async function syncTemplate(api: WecomClient, templateId: string | null, text: string | null): Promise<string | null> {
  if (text === null) {
    if (templateId) await api.delGroupWelcomeTemplate(templateId);
    return null;
  }
  if (templateId) {
    await api.editGroupWelcomeTemplate({ template_id: templateId, text: { content: text } });
    return templateId;
  }
  // notify 0: the template is attached to the join way's groups by their owners, not pushed to every member.
  return api.addGroupWelcomeTemplate({ text: { content: text }, notify: 0 });
}

/**
 * Creates a join way: the WeCom template (when there is a welcome) and the join
 * way first, its QR from get_join_way, then the row. If anything after
 * add_join_way fails, what was made in WeCom is deleted again.
 */
export async function createJoinWay(deps: AppDeps, actor: Actor, body: unknown, ip: string | null): Promise<JoinWayView> {
  const input = await checkedInput(deps, actor, body);
  const api = wecomClientFor(deps);
  const draft = {
    name: input.name,
    stateKey: newJoinStateKey(),
    departmentId: input.departmentId,
    chatIds: input.chatIds,
    autoCreate: input.autoCreateRoom,
    roomBaseName: input.roomBaseName,
    welcomeText: input.welcomeText,
  };
  let templateId: string | null = null;
  let configId: string | null = null;
  try {
    templateId = await syncTemplate(api, null, draft.welcomeText);
    configId = await api.addJoinWay(joinWayFields(draft));
    const way = await api.getJoinWay(configId);
    const cid = configId;
    const id = await deps.ds.transaction(async (m) => {
      const saved = await m
        .getRepository(GroupJoinWayEntity)
        .save({ ...draft, templateId, configId: cid, qrCode: way.qr_code ?? null, createdBy: actor.staffId, deletedAt: null });
      await audit(
        m,
        actor,
        'join_way.create',
        { type: 'join_way', id: String(saved.id) },
        { name: draft.name, chatIds: draft.chatIds },
        ip,
      );
      return saved.id;
    });
    return getJoinWay(deps, actor, id);
  } catch (err) {
    if (configId) await api.delJoinWay(configId).catch(() => undefined);
    if (templateId) await api.delGroupWelcomeTemplate(templateId).catch(() => undefined);
    throw channelWecomError(err);
  }
}

/** Updates a join way: WeCom first (update_join_way is a full overwrite; the template follows the text), then the row. */
export async function updateJoinWay(deps: AppDeps, actor: Actor, id: number, body: unknown, ip: string | null): Promise<JoinWayView> {
  const existing = await loadManagedJoinWay(deps, actor, id);
  const input = await checkedInput(deps, actor, body, existing);
  const api = wecomClientFor(deps);
  const next = {
    name: input.name,
    departmentId: input.departmentId,
    chatIds: input.chatIds,
    autoCreate: input.autoCreateRoom,
    roomBaseName: input.roomBaseName,
    welcomeText: input.welcomeText,
  };
  let templateId: string | null;
  try {
    if (existing.configId)
      await api.updateJoinWay({ config_id: existing.configId, ...joinWayFields({ ...next, stateKey: existing.stateKey }) });
    templateId = await syncTemplate(api, existing.templateId, next.welcomeText);
  } catch (err) {
    throw channelWecomError(err);
  }
  await deps.ds.transaction(async (m) => {
    await m.getRepository(GroupJoinWayEntity).update({ id }, { ...next, templateId });
    await audit(m, actor, 'join_way.update', { type: 'join_way', id: String(id) }, { name: next.name, chatIds: next.chatIds }, ip);
  });
  return getJoinWay(deps, actor, id);
}

/** Deletes the WeCom join way (and template) and marks the row deleted; its joins stay in reports. */
export async function deleteJoinWay(deps: AppDeps, actor: Actor, id: number, ip: string | null): Promise<void> {
  const w = await loadManagedJoinWay(deps, actor, id);
  const api = wecomClientFor(deps);
  try {
    if (w.configId) await api.delJoinWay(w.configId);
    if (w.templateId) await api.delGroupWelcomeTemplate(w.templateId);
  } catch (err) {
    throw channelWecomError(err);
  }
  await deps.ds.transaction(async (m) => {
    await m.getRepository(GroupJoinWayEntity).update({ id }, { deletedAt: new Date(), configId: null, templateId: null });
    await audit(m, actor, 'join_way.delete', { type: 'join_way', id: String(id) }, { name: w.name }, ip);
  });
}

/** Live customer groups the actor may put on a join code (managers: groups owned by staff of their departments). */
export async function joinWayGroupOptions(deps: AppDeps, actor: Actor): Promise<JoinWayGroupOptions> {
  const scope = await codeScope(deps, actor);
  const rows = await select<{ chat_id: string; name: string; member_count: number | string; owner: string | null; dept: number | null }>(
    deps.ds,
    `SELECT g.chat_id, g.name, g.member_count, s.name AS owner, s.main_department_id AS dept
       FROM group_chat g LEFT JOIN staff s ON s.userid = g.owner_userid
      WHERE g.dismissed_at IS NULL ORDER BY g.member_count DESC, g.id`,
  );
  return {
    items: rows
      .filter((r) => scope === undefined || (r.dept !== null && scope.includes(Number(r.dept))))
      .map((r) => ({ chatId: r.chat_id, name: r.name, memberCount: Number(r.member_count), owner: r.owner })),
  };
}
