import type { DataSource } from 'typeorm';
import type { CorpTagGroup, ProfileTagGroup } from '@shared/api/tags.ts';
import { versionedCache } from '@server/db/data-version.ts';
import { marks, select, toBool } from '@server/db/sql.ts';

/**
 * All corp tag groups with their tags (not deleted) and our single-choice mark, in WeCom order
 * (larger `order` first, then name), in one query.
 */
export async function loadTagCatalog(ds: DataSource): Promise<CorpTagGroup[]> {
  const rows = await select<{
    gid: string;
    gname: string;
    gorder: number;
    gsingle: unknown;
    tid: string | null;
    tname: string | null;
    torder: number | null;
  }>(
    ds,
    `SELECT g.id AS gid, g.name AS gname, g.sort_order AS gorder, s.single_choice AS gsingle,
            t.id AS tid, t.name AS tname, t.sort_order AS torder
       FROM tag_group g
       LEFT JOIN tag_group_setting s ON s.group_id = g.id
       LEFT JOIN tag t ON t.group_id = g.id AND t.deleted = 0
      WHERE g.deleted = 0
      ORDER BY g.sort_order DESC, g.id ASC, t.sort_order DESC, t.id ASC`,
  );
  const groups: CorpTagGroup[] = [];
  const byId = new Map<string, CorpTagGroup>();
  for (const r of rows) {
    let group = byId.get(r.gid);
    if (!group) {
      group = { id: r.gid, name: r.gname, order: Number(r.gorder), singleChoice: toBool(r.gsingle), tags: [] };
      byId.set(r.gid, group);
      groups.push(group);
    }
    if (r.tid !== null && r.tname !== null) group.tags.push({ id: r.tid, name: r.tname, order: Number(r.torder ?? 0) });
  }
  return groups;
}

/**
 * The catalog as the request paths read it: kept in memory until a tag write anywhere bumps the
 * `tag_catalog` version (db/data-version.ts). Shared between requests: never modify it.
 */
export const cachedTagCatalog = versionedCache(loadTagCatalog);

/** The profile's tag block: every group and tag, flagged with whether the actor and/or others applied it. */
export function profileTagGroups(catalog: CorpTagGroup[], mine: ReadonlySet<string>, others: ReadonlySet<string>): ProfileTagGroup[] {
  return catalog.map((g) => ({
    id: g.id,
    name: g.name,
    singleChoice: g.singleChoice,
    tags: g.tags.map((t) => ({ id: t.id, name: t.name, mine: mine.has(t.id), byOthers: others.has(t.id) })),
  }));
}

/** Tag names by id for the given ids (deleted tags included, for history). */
export async function tagNames(ds: DataSource, ids: string[]): Promise<Map<string, string>> {
  const names = new Map<string, string>();
  if (ids.length === 0) return names;
  const rows = await select<{ id: string; name: string }>(ds, `SELECT id, name FROM tag WHERE id IN (${marks(ids.length)})`, ids);
  for (const r of rows) names.set(r.id, r.name);
  return names;
}
