import type { DataSource } from 'typeorm';
import type { CorpTagGroup } from '@shared/api/tags.ts';
import type { ProfileFieldDef, ProfileFieldType } from '@shared/api/profile-fields.ts';
import { jsonStrings, select, toBool, type Db } from '@server/db/sql.ts';
import { loadTagCatalog } from '@server/features/tags/index.ts';

/** A custom field with its options resolved: a field linked to a tag group takes that group's tags (id by name). */
export interface FieldDef extends ProfileFieldDef {
  /** Option name → corp tag id, for fields mirrored to a tag group. */
  tagIds: Map<string, string>;
}

interface FieldRow {
  id: unknown;
  label: string;
  type: ProfileFieldType;
  options: unknown;
  tag_group_id: string | null;
  counted: unknown;
  sort_order: unknown;
}

/** The live (not archived) custom fields in display order, options resolved against the tag catalog. */
export async function loadFieldDefs(ds: DataSource, catalog?: CorpTagGroup[]): Promise<FieldDef[]> {
  const [rows, tags] = await Promise.all([
    select<FieldRow>(
      ds,
      'SELECT id, label, type, options, tag_group_id, counted, sort_order FROM profile_field WHERE archived = 0 ORDER BY sort_order, id',
    ),
    catalog ?? loadTagCatalog(ds),
  ]);
  return rows.map((r) => resolveDef(r, tags));
}

/** One field by id (archived ones too, for 404 decisions by the caller). */
export async function fieldRow(db: Db, id: number): Promise<(FieldRow & { archived: unknown }) | undefined> {
  const [row] = await select<FieldRow & { archived: unknown }>(
    db,
    'SELECT id, label, type, options, tag_group_id, counted, sort_order, archived FROM profile_field WHERE id = ?',
    [id],
  );
  return row;
}

export function resolveDef(r: FieldRow, catalog: CorpTagGroup[]): FieldDef {
  const group = r.tag_group_id ? catalog.find((g) => g.id === r.tag_group_id) : undefined;
  const tagIds = new Map(group ? group.tags.map((t) => [t.name, t.id]) : []);
  return {
    id: Number(r.id),
    key: `f${Number(r.id)}`,
    label: r.label,
    type: r.type,
    options: group ? group.tags.map((t) => t.name) : jsonStrings(r.options),
    tagGroupId: r.tag_group_id,
    tagGroupName: group?.name ?? null,
    counted: toBool(r.counted),
    sortOrder: Number(r.sort_order),
    tagIds,
  };
}

/** The wire form of a definition (the tag id map stays on the server). */
export function presentDef(d: FieldDef): ProfileFieldDef {
  return {
    id: d.id,
    key: d.key,
    label: d.label,
    type: d.type,
    options: d.options,
    tagGroupId: d.tagGroupId,
    tagGroupName: d.tagGroupName,
    counted: d.counted,
    sortOrder: d.sortOrder,
  };
}
