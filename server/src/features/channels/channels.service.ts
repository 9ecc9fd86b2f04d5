import { randomBytes } from 'node:crypto';
import { In, IsNull } from 'typeorm';
import {
  CHANNEL_GROUP_LABELS,
  channelInputSchema,
  type ChannelGuideOptions,
  type ChannelList,
  type ChannelView,
} from '@shared/api/channels.ts';
import { audit } from '@server/audit/audit.ts';
import type { Actor } from '@server/auth/actor.ts';
import type { AppDeps } from '@server/context.ts';
import { ChannelEntity, type Channel } from '@server/entities/Channel.ts';
import { ChannelGuideEntity } from '@server/entities/ChannelGuide.ts';
import { channelNoGuide, channelNotFound, forbiddenChannel, unknownTag } from '@server/http/error-catalog.ts';
import { parse } from '@server/http/validate.ts';
import { marks, select } from '@server/db/sql.ts';
import { visibleStaffIds } from '@server/policy/policy.ts';
import { wecomClientFor } from '@server/wecom/client.ts';
import { channelWecomError, createContactWay, isExpired, syncContactWay } from './contact-way-sync.ts';
import { cannotTakeReason, guideFacts, type GuideFact } from './guide-facts.ts';
import { assertAssets } from './media-cache.ts';
import { pickGuides, type RotationGuide } from './rotation.ts';
import { assertCodeInScope, codeDepartment, codeScope } from './code-scope.ts';

/** Our state key: short, unguessable, ≤ 30 characters as WeCom requires. */
export function newStateKey(): string {
  return `ch_${randomBytes(9).toString('base64url')}`;
}

function present(c: Channel, guides: GuideFact[], departments: Map<number, string>, adds: Map<number, number>, now: Date): ChannelView {
  return {
    id: c.id,
    name: c.name,
    group: c.channelGroup,
    groupLabel: CHANNEL_GROUP_LABELS[c.channelGroup],
    stateKey: c.stateKey,
    departmentId: c.departmentId,
    departmentName: c.departmentId !== null ? (departments.get(c.departmentId) ?? null) : null,
    rotation: c.rotation,
    dailyCap: c.dailyCap,
    skipVerify: c.skipVerify,
    tagIds: c.tagIds,
    welcome: c.welcome,
    expiresAt: c.expiresAt?.toISOString() ?? null,
    expired: isExpired(c, now),
    currentUserids: c.currentUserids,
    guides: guides.map((g) => ({
      staffId: g.staffId,
      userid: g.userid,
      name: g.name,
      canTake: g.canTake,
      reason: g.reason,
      addsToday: g.addsToday,
    })),
    qrUrl: c.qrCode ? `/api/channels/${c.id}/qr.png` : null,
    addsTotal: adds.get(c.id) ?? 0,
    createdAt: c.createdAt.toISOString(),
  };
}

async function views(deps: AppDeps, channels: Channel[], now = new Date()): Promise<ChannelView[]> {
  const ids = channels.map((c) => c.id);
  const [guides, departments, adds] = await Promise.all([
    guideFacts(deps.ds, ids, now),
    select<{ id: number; name: string }>(deps.ds, 'SELECT id, name FROM department'),
    ids.length === 0
      ? Promise.resolve([])
      : select<{ channel_id: number; n: number | string }>(
          deps.ds,
          `SELECT channel_id, COUNT(*) AS n FROM channel_add WHERE channel_id IN (${marks(ids.length)}) GROUP BY channel_id`,
          ids,
        ),
  ]);
  const deptNames = new Map(departments.map((d) => [Number(d.id), d.name]));
  const addCounts = new Map(adds.map((a) => [Number(a.channel_id), Number(a.n)]));
  return channels.map((c) =>
    present(
      c,
      guides.filter((g) => g.channelId === c.id),
      deptNames,
      addCounts,
      now,
    ),
  );
}

export async function listChannels(deps: AppDeps, actor: Actor): Promise<ChannelList> {
  const scope = await codeScope(deps, actor);
  const repo = deps.ds.getRepository(ChannelEntity);
  const rows = await repo.find({
    where: scope === undefined ? { deletedAt: IsNull() } : { deletedAt: IsNull(), departmentId: In(scope) },
    order: { id: 'DESC' },
  });
  return { items: await views(deps, rows) };
}

/** One channel the actor manages (404 unknown or deleted, 403 another department's). */
export async function loadManagedChannel(deps: AppDeps, actor: Actor, id: number): Promise<Channel> {
  const scope = await codeScope(deps, actor);
  const c = await deps.ds.getRepository(ChannelEntity).findOne({ where: { id, deletedAt: IsNull() } });
  if (!c) throw channelNotFound();
  assertCodeInScope(scope, c.departmentId);
  return c;
}

export async function getChannel(deps: AppDeps, actor: Actor, id: number): Promise<ChannelView> {
  const c = await loadManagedChannel(deps, actor, id);
  const [view] = await views(deps, [c]);
  if (!view) throw channelNotFound();
  return view;
}

/** Checks a channel's input against the actor's scope and the catalogues (guides, department, tags, images). */
async function checkedInput(deps: AppDeps, actor: Actor, body: unknown, kept?: { departmentId: number | null }) {
  const input = parse(channelInputSchema, body);
  const scope = await codeScope(deps, actor);
  const departmentId = codeDepartment(input.departmentId, scope, kept);
  const visible = await visibleStaffIds(deps.ds, actor);
  const staffIds = [...new Set(input.staffIds)];
  if (visible !== undefined && staffIds.some((id) => !visible.includes(id))) throw forbiddenChannel();
  if (input.tagIds.length > 0) {
    const tags = await select<{ tag_id: string }>(
      deps.ds,
      `SELECT id AS tag_id FROM tag WHERE deleted = 0 AND id IN (${marks(input.tagIds.length)})`,
      input.tagIds,
    );
    const known = new Set(tags.map((t) => t.tag_id));
    const unknown = input.tagIds.filter((t) => !known.has(t));
    if (unknown.length > 0) throw unknownTag(unknown);
  }
  await assertAssets(
    deps.ds,
    input.welcome.attachments.flatMap((a) => (a.type === 'link' ? [] : [a.assetId])),
  );
  return { ...input, departmentId, staffIds, welcome: input.welcome };
}

/** The channel columns an admin sets (create and update); the rotation restarts at the first guide. */
function editableFields(input: Awaited<ReturnType<typeof checkedInput>>) {
  return {
    name: input.name,
    channelGroup: input.group,
    departmentId: input.departmentId,
    rotation: input.rotation,
    dailyCap: input.dailyCap,
    skipVerify: input.skipVerify,
    tagIds: input.tagIds,
    welcome: input.welcome,
    expiresAt: input.expiresAt ? new Date(input.expiresAt) : null,
    rrCursor: 0,
  };
}

/** The chosen guides as the rotation sees them; an unknown staff id is refused as out of scope. */
async function rotationGuidesFor(deps: AppDeps, staffIds: number[]): Promise<RotationGuide[]> {
  const facts = await select<{ id: number; userid: string; status: number; is_follow_user: number | boolean }>(
    deps.ds,
    `SELECT id, userid, status, is_follow_user FROM staff WHERE id IN (${marks(staffIds.length)})`,
    staffIds,
  );
  const byId = new Map(facts.map((f) => [Number(f.id), f]));
  return staffIds.map((id) => {
    const f = byId.get(id);
    if (!f) throw forbiddenChannel();
    return {
      userid: f.userid,
      canTake: cannotTakeReason(Number(f.status), f.is_follow_user === true || Number(f.is_follow_user) === 1) === null,
      addsToday: 0,
    };
  });
}

/**
 * Creates a channel: the WeCom contact way first (type 2, scene 2, state = our
 * key, the guide the rotation picks — guides who cannot take customers are kept
 * on the channel but never sent to WeCom), then the rows in one transaction.
 * If the rows fail, the contact way is deleted again.
 */
export async function createChannel(deps: AppDeps, actor: Actor, body: unknown, ip: string | null): Promise<ChannelView> {
  const input = await checkedInput(deps, actor, body);
  const api = wecomClientFor(deps);
  const stateKey = newStateKey();
  const draft = {
    ...editableFields(input),
    stateKey,
    createdBy: actor.staffId,
    deletedAt: null,
  };
  const rotationGuides = await rotationGuidesFor(deps, input.staffIds);
  const pick = pickGuides(rotationGuides, input.rotation, 0, input.dailyCap);
  const way = await createContactWay(
    api,
    { ...draft, id: 0, configId: null, qrCode: null, currentUserids: [], createdAt: new Date(), updatedAt: new Date() },
    pick.userids,
  );
  try {
    const id = await deps.ds.transaction(async (m) => {
      const saved = await m
        .getRepository(ChannelEntity)
        .save({ ...draft, configId: way.configId, qrCode: way.qrCode, currentUserids: pick.userids });
      await m
        .getRepository(ChannelGuideEntity)
        .insert(input.staffIds.map((staffId, position) => ({ channelId: saved.id, staffId, position })));
      await audit(
        m,
        actor,
        'channel.create',
        { type: 'channel', id: String(saved.id) },
        { name: input.name, staffIds: input.staffIds },
        ip,
      );
      return saved.id;
    });
    return getChannel(deps, actor, id);
  } catch (err) {
    await api.delContactWay(way.configId).catch(() => undefined);
    throw err;
  }
}

/** Updates a channel's rows in one transaction, then brings its WeCom code in line (guides, skip-verify, remark). */
export async function updateChannel(deps: AppDeps, actor: Actor, id: number, body: unknown, ip: string | null): Promise<ChannelView> {
  const existing = await loadManagedChannel(deps, actor, id);
  const input = await checkedInput(deps, actor, body, existing);
  const stillValid = !input.expiresAt || new Date(input.expiresAt).getTime() > Date.now();
  if (existing.configId && stillValid && !(await rotationGuidesFor(deps, input.staffIds)).some((g) => g.canTake)) throw channelNoGuide();
  await deps.ds.transaction(async (m) => {
    await m.getRepository(ChannelEntity).update({ id }, editableFields(input));
    await m.getRepository(ChannelGuideEntity).delete({ channelId: id });
    await m.getRepository(ChannelGuideEntity).insert(input.staffIds.map((staffId, position) => ({ channelId: id, staffId, position })));
    await audit(m, actor, 'channel.update', { type: 'channel', id: String(id) }, { name: input.name, staffIds: input.staffIds }, ip);
  });
  if (existing.configId) {
    try {
      await syncContactWay(deps.ds, wecomClientFor(deps), id, { force: true });
    } catch (err) {
      throw channelWecomError(err);
    }
  }
  return getChannel(deps, actor, id);
}

/** Deletes the WeCom contact way (scans are refused from then on) and marks the channel deleted; its history stays in reports. */
export async function deleteChannel(deps: AppDeps, actor: Actor, id: number, ip: string | null): Promise<void> {
  const c = await loadManagedChannel(deps, actor, id);
  if (c.configId) {
    try {
      await wecomClientFor(deps).delContactWay(c.configId);
    } catch (err) {
      throw channelWecomError(err);
    }
  }
  await deps.ds.transaction(async (m) => {
    await m.getRepository(ChannelEntity).update({ id }, { deletedAt: new Date(), configId: null, currentUserids: [] });
    await audit(m, actor, 'channel.delete', { type: 'channel', id: String(id) }, { name: c.name }, ip);
  });
}

/** Staff the actor may put on a channel (policy: visible staff) and the departments they manage. */
export async function guideOptions(deps: AppDeps, actor: Actor): Promise<ChannelGuideOptions> {
  const scope = await codeScope(deps, actor);
  const visible = await visibleStaffIds(deps.ds, actor);
  const rows = await select<{ id: number; name: string; department: string | null; status: number; is_follow_user: number | boolean }>(
    deps.ds,
    `SELECT s.id, s.name, d.name AS department, s.status, s.is_follow_user FROM staff s LEFT JOIN department d ON d.id = s.main_department_id
      WHERE s.status = 1 ORDER BY s.is_follow_user DESC, s.id`,
  );
  const departments = await select<{ id: number; name: string }>(deps.ds, 'SELECT id, name FROM department ORDER BY id');
  return {
    items: rows
      .filter((r) => visible === undefined || visible.includes(Number(r.id)))
      .map((r) => {
        const reason = cannotTakeReason(Number(r.status), r.is_follow_user === true || Number(r.is_follow_user) === 1);
        return { staffId: Number(r.id), name: r.name, department: r.department, canTake: reason === null, reason };
      }),
    departments: departments
      .filter((d) => scope === undefined || scope.includes(Number(d.id)))
      .map((d) => ({ id: Number(d.id), name: d.name })),
  };
}
