import type { DataSource } from 'typeorm';
import type { CreateCorpTagResponse, TagGroupsResponse, UpdateCustomerTagsResponse } from '@shared/api/tags.ts';
import type { Actor } from '@server/auth/actor.ts';
import { audit } from '@server/audit/audit.ts';
import type { AppDeps } from '@server/context.ts';
import { bulkInsert, dbTime, marks, rowOr404, select, selectOne } from '@server/db/sql.ts';
import { SettingEntity } from '@server/entities/Setting.ts';
import { log } from '@server/logger.ts';
import { assertCustomerAccess } from '@server/policy/policy.ts';
import { wecomClientFor } from '@server/wecom/client.ts';
import { loadActiveFollows, loadCustomer, loadFollowTags } from '@server/features/customers/index.ts';
import { wecomFailure } from '@server/features/customers/index.ts';
import { recordInteractions } from '@server/features/timeline/index.ts';
import { loadTagCatalog, profileTagGroups } from './tag-catalog.ts';
import { GUIDES_CAN_CREATE_TAGS_KEY, guidesCanCreateSchema } from './tags.schema.ts';
import {
  forbiddenCreateTag,
  notFollowing,
  tagAddRemoveOverlap,
  tagExists,
  tagGroupNotFound,
  unknownTag,
  wecomAddCorpTagFailed,
  wecomMarkTagFailed,
} from '@server/http/error-catalog.ts';

const logger = log('wecom');

/** Whether the actor may add corp tags (admins, managers; guides when the setting allows). */
export async function canCreateTags(ds: DataSource, actor: Actor): Promise<boolean> {
  if (actor.role !== 'guide') return true;
  const row = await ds.getRepository(SettingEntity).findOne({ where: { key: GUIDES_CAN_CREATE_TAGS_KEY } });
  return row ? guidesCanCreateSchema.safeParse(row.value).data === true : false;
}

/** GET /api/tag-groups */
export async function tagGroups(deps: AppDeps, actor: Actor): Promise<TagGroupsResponse> {
  const [groups, canCreate] = await Promise.all([loadTagCatalog(deps.ds), canCreateTags(deps.ds, actor)]);
  return { groups, canCreateTags: canCreate };
}

/**
 * The tag write-back: tags live on the (guide, customer) relation in WeCom, so
 * the change goes to WeCom first (mark_tag as the actor); only when WeCom accepts
 * it are the local customer_tag rows changed, in one transaction with the
 * tag_added / tag_removed interactions. A WeCom failure leaves local state as it was.
 */
export async function updateCustomerTags(
  deps: AppDeps,
  actor: Actor,
  customerId: number,
  input: { add: string[]; remove: string[] },
): Promise<UpdateCustomerTagsResponse> {
  const customer = await loadCustomer(deps.ds, customerId);
  await assertCustomerAccess(deps.ds, actor, customerId);
  const follows = await loadActiveFollows(deps.ds, customerId);
  const follow = follows.find((f) => f.staffId === actor.staffId);
  if (!follow) throw notFollowing();

  const requested = [...new Set([...input.add, ...input.remove])];
  const overlap = input.add.filter((t) => input.remove.includes(t));
  if (overlap.length > 0) throw tagAddRemoveOverlap(overlap);
  const known = await select<{ id: string; name: string }>(
    deps.ds,
    `SELECT id, name FROM tag WHERE deleted = 0 AND id IN (${marks(requested.length)})`,
    requested,
  );
  const names = new Map(known.map((t) => [t.id, t.name]));
  const unknown = input.add.filter((t) => !names.has(t));
  if (unknown.length > 0) throw unknownTag(unknown);

  const current = (await loadFollowTags(deps.ds, customerId, [follow.id])).get(follow.id) ?? new Set<string>();
  const add = [...new Set(input.add)].filter((t) => !current.has(t));
  const remove = [...new Set(input.remove)].filter((t) => current.has(t));

  if (add.length > 0 || remove.length > 0) {
    try {
      await wecomClientFor(deps).markTag({
        userid: actor.userid,
        external_userid: customer.externalUserid,
        ...(add.length > 0 ? { add_tag: add } : {}),
        ...(remove.length > 0 ? { remove_tag: remove } : {}),
      });
    } catch (err) {
      logger.warn({ customerId, err: err instanceof Error ? err.message : String(err) }, 'mark_tag failed; local tags unchanged');
      throw wecomFailure(err, wecomMarkTagFailed);
    }
    const now = new Date();
    await deps.ds.transaction(async (em) => {
      if (add.length > 0) {
        const stamp = dbTime(now);
        await bulkInsert(
          em,
          'customer_tag',
          ['follow_id', 'tag_id', 'customer_id', 'created_at'],
          add.map((t) => [follow.id, t, customerId, stamp]),
          { ignore: true },
        );
      }
      if (remove.length > 0) {
        await em.query(`DELETE FROM customer_tag WHERE follow_id = ? AND tag_id IN (${marks(remove.length)})`, [follow.id, ...remove]);
      }
      const sidebar = { customerId, staffId: actor.staffId, occurredAt: now, source: 'sidebar' as const, dedupeKey: null };
      await recordInteractions(em, [
        ...(add.length > 0
          ? [{ ...sidebar, type: 'tag_added' as const, payload: { tagIds: add, tagNames: add.map((t) => names.get(t) ?? t) } }]
          : []),
        ...(remove.length > 0
          ? [{ ...sidebar, type: 'tag_removed' as const, payload: { tagIds: remove, tagNames: remove.map((t) => names.get(t) ?? t) } }]
          : []),
      ]);
    });
  }

  const [followTags, catalog] = await Promise.all([
    loadFollowTags(
      deps.ds,
      customerId,
      follows.map((f) => f.id),
    ),
    loadTagCatalog(deps.ds),
  ]);
  const mine = new Set<string>();
  const others = new Set<string>();
  for (const f of follows) for (const t of followTags.get(f.id) ?? []) (f.staffId === actor.staffId ? mine : others).add(t);
  return { tagGroups: profileTagGroups(catalog, mine, others), added: add, removed: remove };
}

/**
 * Adds a corp tag into an existing group through WeCom (add_corp_tag with
 * group_id), then mirrors the returned tag locally. Audit-logged.
 */
export async function createCorpTag(
  deps: AppDeps,
  actor: Actor,
  groupId: string,
  name: string,
  ip: string | null,
): Promise<CreateCorpTagResponse> {
  if (!(await canCreateTags(deps.ds, actor))) throw forbiddenCreateTag();
  await rowOr404(deps.ds, 'SELECT id FROM tag_group WHERE id = ? AND deleted = 0', [groupId], tagGroupNotFound);
  if (await selectOne(deps.ds, 'SELECT 1 FROM tag WHERE group_id = ? AND name = ? AND deleted = 0', [groupId, name])) throw tagExists();
  let group;
  try {
    group = await wecomClientFor(deps).addCorpTag({ group_id: groupId, tag: [{ name }] });
  } catch (err) {
    throw wecomFailure(err, wecomAddCorpTagFailed);
  }
  const tag = group.tag.find((t) => t.name === name) ?? group.tag[0];
  if (!tag) throw wecomAddCorpTagFailed();
  const createdAt = new Date(tag.create_time * 1000);
  await deps.ds.transaction(async (em) => {
    if (!(await selectOne(em, 'SELECT 1 FROM tag WHERE id = ?', [tag.id]))) {
      await em.query('INSERT INTO tag (id, group_id, name, sort_order, created_at, deleted) VALUES (?, ?, ?, ?, ?, 0)', [
        tag.id,
        group.group_id,
        tag.name,
        tag.order,
        dbTime(createdAt),
      ]);
    } else {
      await em.query('UPDATE tag SET name = ?, group_id = ?, sort_order = ?, deleted = 0 WHERE id = ?', [
        tag.name,
        group.group_id,
        tag.order,
        tag.id,
      ]);
    }
    await audit(em, actor, 'corp_tag.create', { type: 'tag', id: tag.id }, { groupId: group.group_id, name: tag.name }, ip);
  });
  return { groupId: group.group_id, tag: { id: tag.id, name: tag.name, order: tag.order } };
}
