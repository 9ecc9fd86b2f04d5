import type { QueryRunner } from 'typeorm';
import { bulkInsert, dbTime, marks, select } from '@server/db/sql.ts';
import { DEMO_GROUP_TAGS, DEMO_PROFILE_FIELDS, DEMO_SINGLE_CHOICE_GROUPS, demoGroupTagsOf } from '@server/demo/settings.ts';

/**
 * Writes the demo corp's own settings (settings.ts) onto the tag groups and group chats already in
 * the database, looked up by name, so it works after a seed and after a sync of the simulator alike.
 * Returns the rows written.
 */
export async function seedDemoSettings(qr: QueryRunner, now: Date): Promise<number> {
  const stamp = dbTime(now);
  const names = [...new Set([...DEMO_SINGLE_CHOICE_GROUPS, ...DEMO_PROFILE_FIELDS.flatMap((f) => (f.tagGroup ? [f.tagGroup] : []))])];
  const groups = await select<{ id: string; name: string }>(
    qr,
    `SELECT id, name FROM tag_group WHERE deleted = 0 AND name IN (${marks(names.length)})`,
    names,
  );
  const groupId = new Map(groups.map((g) => [g.name, g.id]));
  const singles = DEMO_SINGLE_CHOICE_GROUPS.flatMap((n) => (groupId.has(n) ? [[groupId.get(n) ?? '', true, stamp]] : []));
  await bulkInsert(qr, 'tag_group_setting', ['group_id', 'single_choice', 'updated_at'], singles);
  const fields = DEMO_PROFILE_FIELDS.filter((f) => !f.tagGroup || groupId.has(f.tagGroup)).map((f, i) => [
    f.label,
    f.type,
    JSON.stringify(f.options),
    f.tagGroup ? (groupId.get(f.tagGroup) ?? null) : null,
    f.counted,
    i + 1,
    false,
    stamp,
    stamp,
  ]);
  await bulkInsert(
    qr,
    'profile_field',
    ['label', 'type', 'options', 'tag_group_id', 'counted', 'sort_order', 'archived', 'created_at', 'updated_at'],
    fields,
  );
  await bulkInsert(
    qr,
    'group_tag',
    ['name', 'color', 'created_at'],
    DEMO_GROUP_TAGS.map((t) => [t.name, t.color, stamp]),
  );
  const tagIds = new Map(
    (await select<{ id: unknown; name: string }>(qr, 'SELECT id, name FROM group_tag')).map((t) => [t.name, Number(t.id)] as const),
  );
  const chats = await select<{ id: unknown; name: string }>(qr, 'SELECT id, name FROM group_chat ORDER BY id');
  const applied = chats.flatMap((c, i) =>
    demoGroupTagsOf(c.name, i).flatMap((name) => (tagIds.has(name) ? [[Number(c.id), tagIds.get(name) ?? 0, stamp]] : [])),
  );
  await bulkInsert(qr, 'group_chat_tag', ['group_id', 'group_tag_id', 'created_at'], applied, { ignore: true });
  return singles.length + fields.length + DEMO_GROUP_TAGS.length + applied.length;
}
