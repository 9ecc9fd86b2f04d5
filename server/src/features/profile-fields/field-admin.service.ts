import type { ProfileFieldDef, ProfileFieldDefsResponse } from '@shared/api/profile-fields.ts';
import type { z } from 'zod';
import type { Actor } from '@server/auth/actor.ts';
import { audit } from '@server/audit/audit.ts';
import type { AppDeps } from '@server/context.ts';
import { dbTime, select, selectOne, toBool, type Db } from '@server/db/sql.ts';
import { invalidInput, profileFieldExists, profileFieldNotFound, tagGroupNotFound } from '@server/http/error-catalog.ts';
import { loadTagCatalog } from '@server/features/tags/index.ts';
import { fieldRow, loadFieldDefs, presentDef, resolveDef } from './field-defs.ts';
import type { createProfileFieldRequestSchema, updateProfileFieldRequestSchema } from './profile-fields.schema.ts';

type CreateInput = z.output<typeof createProfileFieldRequestSchema>;
type UpdateInput = z.output<typeof updateProfileFieldRequestSchema>;

/** GET /api/profile-fields — every role reads the definitions; only admins manage them. */
export async function listFieldDefs(deps: AppDeps, actor: Actor): Promise<ProfileFieldDefsResponse> {
  return { fields: (await loadFieldDefs(deps.ds)).map(presentDef), canManage: actor.role === 'admin' };
}

async function assertLabelFree(db: Db, label: string, exceptId: number | null): Promise<void> {
  const clash = await selectOne(db, 'SELECT 1 FROM profile_field WHERE archived = 0 AND label = ? AND id <> ?', [label, exceptId ?? 0]);
  if (clash) throw profileFieldExists();
}

async function assertTagGroup(db: Db, groupId: string | null | undefined): Promise<void> {
  if (groupId && !(await selectOne(db, 'SELECT 1 FROM tag_group WHERE id = ? AND deleted = 0', [groupId]))) throw tagGroupNotFound();
}

async function presentById(deps: AppDeps, id: number): Promise<ProfileFieldDef> {
  const row = await fieldRow(deps.ds, id);
  if (!row) throw profileFieldNotFound();
  return presentDef(resolveDef(row, await loadTagCatalog(deps.ds)));
}

/** POST /api/profile-fields (admins): a new field at the end of the list. Audit-logged. */
export async function createFieldDef(deps: AppDeps, actor: Actor, input: CreateInput, ip: string | null): Promise<ProfileFieldDef> {
  const id = await deps.ds.transaction(async (em) => {
    await assertLabelFree(em, input.label, null);
    await assertTagGroup(em, input.tagGroupId);
    const [last] = await select<{ n: unknown }>(em, 'SELECT MAX(sort_order) AS n FROM profile_field');
    const sortOrder = Number(last?.n ?? 0) + 1;
    const now = dbTime(new Date());
    await em.query(
      'INSERT INTO profile_field (label, type, options, tag_group_id, counted, sort_order, archived, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, 0, ?, ?)',
      [
        input.label,
        input.type,
        JSON.stringify(input.tagGroupId ? [] : input.options),
        input.tagGroupId,
        input.counted ? 1 : 0,
        sortOrder,
        now,
        now,
      ],
    );
    const [row] = await select<{ id: unknown }>(em, 'SELECT id FROM profile_field WHERE archived = 0 AND label = ?', [input.label]);
    const newId = Number(row?.id);
    await audit(em, actor, 'profile_field.create', { type: 'profile_field', id: newId }, { ...input }, ip);
    return newId;
  });
  return presentById(deps, id);
}

/** PATCH /api/profile-fields/:id (admins). The type stays, so values already entered keep their meaning. */
export async function updateFieldDef(
  deps: AppDeps,
  actor: Actor,
  id: number,
  input: UpdateInput,
  ip: string | null,
): Promise<ProfileFieldDef> {
  await deps.ds.transaction(async (em) => {
    const row = await fieldRow(em, id);
    if (!row || toBool(row.archived)) throw profileFieldNotFound();
    const choice = row.type === 'single' || row.type === 'multi';
    if (input.tagGroupId && !choice) throw invalidInput([{ path: ['tagGroupId'], message: '只有单选、多选字段可以对应标签组' }]);
    if (input.label !== undefined) await assertLabelFree(em, input.label, id);
    await assertTagGroup(em, input.tagGroupId);
    const sets: string[] = [];
    const params: unknown[] = [];
    const set = (column: string, value: unknown) => {
      sets.push(`${column} = ?`);
      params.push(value);
    };
    if (input.label !== undefined) set('label', input.label);
    if (input.options !== undefined) set('options', JSON.stringify(input.options));
    if (input.tagGroupId !== undefined) set('tag_group_id', input.tagGroupId);
    if (input.counted !== undefined) set('counted', input.counted ? 1 : 0);
    if (input.sortOrder !== undefined) set('sort_order', input.sortOrder);
    set('updated_at', dbTime(new Date()));
    await em.query(`UPDATE profile_field SET ${sets.join(', ')} WHERE id = ?`, [...params, id]);
    await audit(em, actor, 'profile_field.update', { type: 'profile_field', id }, { ...input }, ip);
  });
  return presentById(deps, id);
}

/** DELETE /api/profile-fields/:id (admins): archived, so the values entered under it are not lost to a misclick. */
export async function archiveFieldDef(deps: AppDeps, actor: Actor, id: number, ip: string | null): Promise<void> {
  await deps.ds.transaction(async (em) => {
    const row = await fieldRow(em, id);
    if (!row || toBool(row.archived)) throw profileFieldNotFound();
    await em.query('UPDATE profile_field SET archived = 1, updated_at = ? WHERE id = ?', [dbTime(new Date()), id]);
    await audit(em, actor, 'profile_field.archive', { type: 'profile_field', id }, { label: row.label }, ip);
  });
}
