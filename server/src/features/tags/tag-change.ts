import type { DataSource, EntityManager } from 'typeorm';
import type { ProfileTagGroup } from '@shared/api/tags.ts';
import type { Actor } from '@server/auth/actor.ts';
import type { AppDeps } from '@server/context.ts';
import { bulkInsert, dbTime, marks, select } from '@server/db/sql.ts';
import { singleChoiceConflict, tagAddRemoveOverlap, unknownTag, wecomMarkTagFailed } from '@server/http/error-catalog.ts';
import { log } from '@server/logger.ts';
import { wecomClientFor } from '@server/wecom/client.ts';
import { loadFollowTags, wecomFailure } from '@server/features/customers/index.ts';
import { recordInteractions } from '@server/features/timeline/index.ts';
import { loadTagCatalog, profileTagGroups } from './tag-catalog.ts';

const logger = log('wecom');

/** The actor's follow relation whose tags change (tags live on the guide × customer relation in WeCom). */
export interface TagTarget {
  customerId: number;
  externalUserid: string;
  followId: number;
}

/** What one mark_tag call does: the tags to add and remove on the follow (only real changes), with their names. */
export interface TagChange {
  add: string[];
  remove: string[];
  names: Map<string, string>;
}

/**
 * Checks a requested change and completes it: unknown tags and add/remove overlaps are refused,
 * tags already in the wanted state dropped, and adding a tag of a single-choice group (客户等级)
 * removes the sibling the follow carries — in the same change, so one mark_tag call does both.
 */
export async function planTagChange(ds: DataSource, target: TagTarget, input: { add: string[]; remove: string[] }): Promise<TagChange> {
  const overlap = input.add.filter((t) => input.remove.includes(t));
  if (overlap.length > 0) throw tagAddRemoveOverlap(overlap);
  const requested = [...new Set([...input.add, ...input.remove])];
  const known =
    requested.length === 0
      ? []
      : await select<{ id: string; name: string; group_id: string }>(
          ds,
          `SELECT id, name, group_id FROM tag WHERE deleted = 0 AND id IN (${marks(requested.length)})`,
          requested,
        );
  const names = new Map(known.map((t) => [t.id, t.name]));
  const unknown = input.add.filter((t) => !names.has(t));
  if (unknown.length > 0) throw unknownTag(unknown);

  const current = (await loadFollowTags(ds, target.customerId, [target.followId])).get(target.followId) ?? new Set<string>();
  const add = [...new Set(input.add)].filter((t) => !current.has(t));
  const remove = new Set([...new Set(input.remove)].filter((t) => current.has(t)));

  const groupOf = new Map(known.map((t) => [t.id, t.group_id]));
  const addedGroups = [...new Set(add.map((t) => groupOf.get(t) ?? ''))];
  if (addedGroups.length > 0) {
    const singles = await select<{ group_id: string; name: string }>(
      ds,
      `SELECT s.group_id, g.name FROM tag_group_setting s JOIN tag_group g ON g.id = s.group_id
        WHERE s.single_choice = 1 AND s.group_id IN (${marks(addedGroups.length)})`,
      addedGroups,
    );
    for (const single of singles) {
      const wanted = add.filter((t) => groupOf.get(t) === single.group_id);
      if (wanted.length > 1) throw singleChoiceConflict(single.name);
    }
    const singleIds = singles.map((g) => g.group_id);
    if (singleIds.length > 0 && current.size > 0) {
      const siblings = await select<{ id: string; name: string; group_id: string }>(
        ds,
        `SELECT id, name, group_id FROM tag WHERE group_id IN (${marks(singleIds.length)}) AND id IN (${marks(current.size)})`,
        [...singleIds, ...current],
      );
      for (const s of siblings) {
        if (add.includes(s.id)) continue;
        remove.add(s.id);
        names.set(s.id, s.name);
      }
    }
  }
  return { add, remove: [...remove], names };
}

/** Writes the change to WeCom (mark_tag as the actor); a refusal becomes the catalog error and nothing local changes. */
export async function pushTagChange(deps: AppDeps, actor: Actor, target: TagTarget, change: TagChange): Promise<void> {
  if (change.add.length === 0 && change.remove.length === 0) return;
  try {
    await wecomClientFor(deps).markTag({
      userid: actor.userid,
      external_userid: target.externalUserid,
      ...(change.add.length > 0 ? { add_tag: change.add } : {}),
      ...(change.remove.length > 0 ? { remove_tag: change.remove } : {}),
    });
  } catch (err) {
    logger.warn(
      { customerId: target.customerId, err: err instanceof Error ? err.message : String(err) },
      'mark_tag failed; local tags unchanged',
    );
    throw wecomFailure(err, wecomMarkTagFailed);
  }
}

/** Mirrors an accepted change locally, inside the caller's transaction: customer_tag rows and tag_added / tag_removed. */
export async function saveTagChange(em: EntityManager, actor: Actor, target: TagTarget, change: TagChange, now: Date): Promise<void> {
  const { add, remove, names } = change;
  if (add.length > 0) {
    const stamp = dbTime(now);
    await bulkInsert(
      em,
      'customer_tag',
      ['follow_id', 'tag_id', 'customer_id', 'created_at'],
      add.map((t) => [target.followId, t, target.customerId, stamp]),
      { ignore: true },
    );
  }
  if (remove.length > 0) {
    await em.query(`DELETE FROM customer_tag WHERE follow_id = ? AND tag_id IN (${marks(remove.length)})`, [target.followId, ...remove]);
  }
  const sidebar = { customerId: target.customerId, staffId: actor.staffId, occurredAt: now, source: 'sidebar' as const, dedupeKey: null };
  const payload = (ids: string[]) => ({ tagIds: ids, tagNames: ids.map((t) => names.get(t) ?? t) });
  await recordInteractions(em, [
    ...(add.length > 0 ? [{ ...sidebar, type: 'tag_added' as const, payload: payload(add) }] : []),
    ...(remove.length > 0 ? [{ ...sidebar, type: 'tag_removed' as const, payload: payload(remove) }] : []),
  ]);
}

/** The customer's tag block as the actor sees it: mine (on the actor's follow) and by others. */
export async function customerTagGroups(
  ds: DataSource,
  actor: Actor,
  customerId: number,
  follows: ReadonlyArray<{ id: number; staffId: number }>,
): Promise<ProfileTagGroup[]> {
  const [followTags, catalog] = await Promise.all([
    loadFollowTags(
      ds,
      customerId,
      follows.map((f) => f.id),
    ),
    loadTagCatalog(ds),
  ]);
  const mine = new Set<string>();
  const others = new Set<string>();
  for (const f of follows) for (const t of followTags.get(f.id) ?? []) (f.staffId === actor.staffId ? mine : others).add(t);
  return profileTagGroups(catalog, mine, others);
}
