import { In, type EntityManager } from 'typeorm';
import { TagEntity, type Tag } from '@server/entities/Tag.ts';
import { TagGroupEntity, type TagGroup } from '@server/entities/TagGroup.ts';
import type { CorpTagGroup } from '@server/wecom/schemas.ts';
import { bumpDataVersion } from '@server/db/data-version.ts';
import { upsertRows } from '@server/db/sql.ts';
import { fromUnix, sameTime } from '../values.ts';
import type { StageContext } from './context.ts';

/**
 * Mirrors the full corp tag list (get_corp_tag_list with no filter) into
 * tag_group/tag: changed rows upserted, rows WeCom no longer lists marked
 * deleted (kept, since customer_tag rows and reports may refer to them).
 */
export async function writeCorpTags(m: EntityManager, groups: CorpTagGroup[], now: Date): Promise<number> {
  const oldGroups = new Map((await m.getRepository(TagGroupEntity).find()).map((g) => [g.id, g]));
  const oldTags = new Map((await m.getRepository(TagEntity).find()).map((t) => [t.id, t]));
  const groupRows: TagGroup[] = [];
  const tagRows: Tag[] = [];
  for (const g of groups) {
    const next: TagGroup = {
      id: g.group_id,
      name: g.group_name,
      sortOrder: g.order,
      createdAt: fromUnix(g.create_time),
      deleted: g.deleted ?? false,
    };
    const old = oldGroups.get(g.group_id);
    if (
      !old ||
      old.name !== next.name ||
      old.sortOrder !== next.sortOrder ||
      !sameTime(old.createdAt, next.createdAt) ||
      Boolean(old.deleted) !== next.deleted
    )
      groupRows.push(next);
    for (const t of g.tag) {
      const nt: Tag = {
        id: t.id,
        groupId: g.group_id,
        name: t.name,
        sortOrder: t.order,
        createdAt: fromUnix(t.create_time),
        deleted: t.deleted ?? false,
      };
      const ot = oldTags.get(t.id);
      if (
        !ot ||
        ot.groupId !== nt.groupId ||
        ot.name !== nt.name ||
        ot.sortOrder !== nt.sortOrder ||
        !sameTime(ot.createdAt, nt.createdAt) ||
        Boolean(ot.deleted) !== nt.deleted
      )
        tagRows.push(nt);
    }
  }
  await upsertRows(m, TagGroupEntity, groupRows, ['name', 'sort_order', 'created_at', 'deleted'], ['id']);
  await upsertRows(m, TagEntity, tagRows, ['group_id', 'name', 'sort_order', 'created_at', 'deleted'], ['id']);
  const listedGroups = new Set(groups.map((g) => g.group_id));
  const listedTags = new Set(groups.flatMap((g) => g.tag.map((t) => t.id)));
  const goneGroups = [...oldGroups.values()].filter((g) => !listedGroups.has(g.id) && !g.deleted).map((g) => g.id);
  const goneTags = [...oldTags.values()].filter((t) => !listedTags.has(t.id) && !t.deleted).map((t) => t.id);
  if (goneGroups.length > 0) await m.getRepository(TagGroupEntity).update({ id: In(goneGroups) }, { deleted: true });
  if (goneTags.length > 0) await m.getRepository(TagEntity).update({ id: In(goneTags) }, { deleted: true });
  void now;
  const written = groupRows.length + tagRows.length + goneGroups.length + goneTags.length;
  if (written > 0) await bumpDataVersion(m, 'tag_catalog');
  return written;
}

/** Stage: corp tag groups and tags. */
export async function syncTags(ctx: StageContext): Promise<void> {
  const groups = await ctx.api.getCorpTagList();
  await ctx.commit(
    { stage: 'groups', cursor: '', offset: 0 },
    async (m) => {
      ctx.bump('written', await writeCorpTags(m, groups, ctx.now));
      ctx.counts.tagGroups = groups.length;
      ctx.counts.tags = groups.reduce((n, g) => n + g.tag.length, 0);
    },
    { done: groups.length, total: groups.length },
  );
}
