import type { DataSource } from 'typeorm';
import type {
  CreateCorpTagResponse,
  CustomerTagsResponse,
  TagGroupSettingsResponse,
  TagGroupsResponse,
  UpdateCustomerTagsResponse,
} from '@shared/api/tags.ts';
import type { Actor } from '@server/auth/actor.ts';
import { audit } from '@server/audit/audit.ts';
import type { AppDeps } from '@server/context.ts';
import { bulkInsert, dbTime, rowOr404, selectOne } from '@server/db/sql.ts';
import { SettingEntity } from '@server/entities/Setting.ts';
import { assertCustomerAccess } from '@server/policy/policy.ts';
import { wecomClientFor } from '@server/wecom/client.ts';
import { loadActiveFollows, loadCustomer } from '@server/features/customers/index.ts';
import { wecomFailure } from '@server/features/customers/index.ts';
import { loadTagCatalog } from './tag-catalog.ts';
import { GUIDES_CAN_CREATE_TAGS_KEY, guidesCanCreateSchema } from './tags.schema.ts';
import { forbiddenCreateTag, notFollowing, tagExists, tagGroupNotFound, wecomAddCorpTagFailed } from '@server/http/error-catalog.ts';
import { customerTagGroups, planTagChange, pushTagChange, saveTagChange } from './tag-change.ts';
import { bumpDataVersion } from '@server/db/data-version.ts';

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
 * Adding a tag of a single-choice group removes its sibling in the same mark_tag call.
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
  const target = { customerId, externalUserid: customer.externalUserid, followId: follow.id };
  const change = await planTagChange(deps.ds, target, input);
  if (change.add.length > 0 || change.remove.length > 0) {
    await pushTagChange(deps, actor, target, change);
    const now = new Date();
    await deps.ds.transaction((em) => saveTagChange(em, actor, target, change, now));
  }
  return { tagGroups: await customerTagGroups(deps.ds, actor, customerId, follows), added: change.add, removed: change.remove };
}

/** GET /api/customers/:id/tags — the tag block alone, for the group member sheet. */
export async function customerTags(deps: AppDeps, actor: Actor, customerId: number): Promise<CustomerTagsResponse> {
  await loadCustomer(deps.ds, customerId);
  await assertCustomerAccess(deps.ds, actor, customerId);
  const follows = await loadActiveFollows(deps.ds, customerId);
  return {
    tagGroups: await customerTagGroups(deps.ds, actor, customerId, follows),
    editable: follows.some((f) => f.staffId === actor.staffId),
  };
}

/** PUT /api/tag-groups/:groupId/settings (admins): marks a group single-choice or not. Audit-logged. */
export async function updateTagGroupSettings(
  deps: AppDeps,
  actor: Actor,
  groupId: string,
  input: { singleChoice: boolean },
  ip: string | null,
): Promise<TagGroupSettingsResponse> {
  await rowOr404(deps.ds, 'SELECT id FROM tag_group WHERE id = ? AND deleted = 0', [groupId], tagGroupNotFound);
  await deps.ds.transaction(async (em) => {
    await bulkInsert(
      em,
      'tag_group_setting',
      ['group_id', 'single_choice', 'updated_at'],
      [[groupId, input.singleChoice, dbTime(new Date())]],
      {
        upsert: { conflict: ['group_id'], update: ['single_choice', 'updated_at'] },
      },
    );
    await bumpDataVersion(em, 'tag_catalog');
    await audit(em, actor, 'tag_group.settings', { type: 'tag_group', id: groupId }, { singleChoice: input.singleChoice }, ip);
  });
  return { groupId, singleChoice: input.singleChoice };
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
    await bumpDataVersion(em, 'tag_catalog');
    await audit(em, actor, 'corp_tag.create', { type: 'tag', id: tag.id }, { groupId: group.group_id, name: tag.name }, ip);
  });
  return { groupId: group.group_id, tag: { id: tag.id, name: tag.name, order: tag.order } };
}
