import type { EntityManager } from 'typeorm';
import type { QueryDeepPartialEntity } from 'typeorm/query-builder/QueryPartialEntity.js';
import type { z } from 'zod';
import type {
  createScriptFolderRequestSchema,
  createScriptRequestSchema,
  ScriptFolder,
  ScriptItem,
  UpdateScriptFolderRequest,
  UpdateScriptRequest,
} from '@shared/api/scripts.ts';
import type { ScriptScope } from '@shared/enums.ts';
import { SCRIPT_CONTENT_SCHEMAS, scriptBodySchema, type ScriptBody } from '@shared/scripts/content.ts';
import type { Actor } from '@server/auth/actor.ts';
import { audit } from '@server/audit/audit.ts';
import type { AppDeps } from '@server/context.ts';
import { assertAssets } from '@server/features/channels/index.ts';
import { dbTime, rowOr404, select, selectOne } from '@server/db/sql.ts';
import { ScriptEntity, type Script } from '@server/entities/Script.ts';
import { ScriptFolderEntity } from '@server/entities/ScriptFolder.ts';
import {
  folderCycle,
  folderNotEmpty,
  invalidFolder,
  invalidInput,
  scriptFolderNotFound,
  scriptNotFound,
} from '@server/http/error-catalog.ts';
import { loadScript, type ScriptRecord } from './script-store.ts';
import { presentFolder, presentScript } from './scripts.presenter.ts';

/**
 * Writing the script library: personal scripts by their owner (/api/my/scripts)
 * and corp scripts and folders by admins (/api/admin/..., audit-logged).
 */

type Owner = { scope: 'personal'; actor: Actor } | { scope: 'corp'; actor: Actor; ip: string | null };

/** Parsed create requests (after zod defaults). */
type CreateInput = z.infer<typeof createScriptRequestSchema>;
type CreateFolderInput = z.infer<typeof createScriptFolderRequestSchema>;

async function assertFolderFor(em: EntityManager, owner: Owner, folderId: number | null): Promise<void> {
  if (folderId === null) return;
  const f = await selectOne<{ scope: ScriptScope; owner_staff_id: number | null }>(
    em,
    'SELECT scope, owner_staff_id FROM script_folder WHERE id = ?',
    [folderId],
  );
  const ok = f && f.scope === owner.scope && (owner.scope === 'corp' || Number(f.owner_staff_id) === owner.actor.staffId);
  if (!ok) throw invalidFolder();
}

/** The owned script or 404 (a guide cannot see whether someone else's personal script exists). */
async function ownedScript(em: EntityManager, owner: Owner, id: number): Promise<ScriptRecord> {
  const s = await loadScript(em, id);
  const ok = s && s.scope === owner.scope && (owner.scope === 'corp' || s.ownerStaffId === owner.actor.staffId);
  if (!s || !ok) throw scriptNotFound();
  return s;
}

function present(s: ScriptRecord, actor: Actor): ScriptItem {
  return presentScript(s, { actorStaffId: actor.staffId, vars: null });
}

/** An image script that names a stored image must name one that exists (404 media_asset_not_found). */
async function assertImageAsset(deps: AppDeps, body: ScriptBody): Promise<void> {
  if (body.type === 'image' && body.content.assetId !== undefined) await assertAssets(deps.ds, [body.content.assetId]);
}

/** Creates a personal (owner) or corp (admin) script. */
export async function createScript(deps: AppDeps, owner: Owner, input: CreateInput): Promise<ScriptItem> {
  if (input.validFrom && input.validTo && input.validFrom > input.validTo) {
    throw invalidInput([{ path: ['validTo'], message: '生效日期不能晚于失效日期' }]);
  }
  await assertImageAsset(deps, input);
  const id = await deps.ds.transaction(async (em) => {
    await assertFolderFor(em, owner, input.folderId);
    const row: Omit<Script, 'id' | 'createdAt' | 'updatedAt'> = {
      folderId: input.folderId,
      scope: owner.scope,
      ownerStaffId: owner.scope === 'personal' ? owner.actor.staffId : null,
      type: input.type,
      title: input.title,
      content: input.content,
      forGroup: input.forGroup,
      targetSegments: input.targetSegments,
      targetStages: input.targetStages,
      targetTagIds: input.targetTagIds,
      validFrom: input.validFrom,
      validTo: input.validTo,
      conditions: input.conditions,
      sendCount: 0,
      lastSentAt: null,
      deletedAt: null,
    };
    // TypeORM's deep-partial type cannot express the simple-json Record columns; the row is complete.
    const result = await em
      .createQueryBuilder()
      .insert()
      .into(ScriptEntity)
      .values(row as QueryDeepPartialEntity<Script>)
      .execute();
    const newId = Number(result.identifiers[0]?.id);
    if (owner.scope === 'corp')
      await audit(
        em,
        owner.actor,
        'script.create',
        { type: 'script', id: newId },
        { title: input.title, type: input.type, folderId: input.folderId },
        owner.ip,
      );
    return newId;
  });
  const created = await loadScript(deps.ds, id);
  if (!created) throw scriptNotFound();
  return present(created, owner.actor);
}

/** Edits/moves a script; `type` and `content` are validated together against the resulting type. */
export async function updateScript(deps: AppDeps, owner: Owner, id: number, input: UpdateScriptRequest): Promise<ScriptItem> {
  await deps.ds.transaction(async (em) => {
    const current = await ownedScript(em, owner, id);
    let body: ScriptBody = current.body;
    if (input.type !== undefined || input.content !== undefined) {
      const type = input.type ?? current.body.type;
      if (input.content === undefined && type !== current.body.type) {
        throw invalidInput([{ path: ['content'], message: '修改话术类型时必须同时提供新的内容' }]);
      }
      const content = input.content ?? current.body.content;
      const parsed = scriptBodySchema.safeParse({ type, content: SCRIPT_CONTENT_SCHEMAS[type].safeParse(content).data ?? content });
      if (!parsed.success) {
        throw invalidInput(parsed.error.issues);
      }
      body = parsed.data;
      await assertImageAsset(deps, body);
    }
    if (input.folderId !== undefined) await assertFolderFor(em, owner, input.folderId);
    const set: QueryDeepPartialEntity<Script> = {
      type: body.type,
      // TypeORM's deep-partial type cannot express Record<string, unknown> (simple-json).
      content: body.content,
      updatedAt: new Date(),
      ...(input.title !== undefined ? { title: input.title } : {}),
      ...(input.folderId !== undefined ? { folderId: input.folderId } : {}),
      ...(input.forGroup !== undefined ? { forGroup: input.forGroup } : {}),
      ...(input.targetSegments !== undefined ? { targetSegments: input.targetSegments } : {}),
      ...(input.targetStages !== undefined ? { targetStages: input.targetStages } : {}),
      ...(input.targetTagIds !== undefined ? { targetTagIds: input.targetTagIds } : {}),
      ...(input.validFrom !== undefined ? { validFrom: input.validFrom } : {}),
      ...(input.validTo !== undefined ? { validTo: input.validTo } : {}),
    };
    const from = input.validFrom !== undefined ? input.validFrom : current.validFrom;
    const to = input.validTo !== undefined ? input.validTo : current.validTo;
    if (from && to && from > to) throw invalidInput([{ path: ['validTo'], message: '生效日期不能晚于失效日期' }]);
    await em.createQueryBuilder().update(ScriptEntity).set(set).where('id = :id', { id }).execute();
    if (input.conditions !== undefined) {
      // simple-json cannot be set to SQL NULL through the builder's typed set().
      await em.query('UPDATE script SET conditions = ? WHERE id = ?', [
        input.conditions === null ? null : JSON.stringify(input.conditions),
        id,
      ]);
    }
    if (owner.scope === 'corp')
      await audit(em, owner.actor, 'script.update', { type: 'script', id }, { fields: Object.keys(input) }, owner.ip);
  });
  const updated = await loadScript(deps.ds, id);
  if (!updated) throw scriptNotFound();
  return present(updated, owner.actor);
}

/** Soft-deletes a script (send history keeps pointing at it). */
export async function deleteScript(deps: AppDeps, owner: Owner, id: number): Promise<void> {
  await deps.ds.transaction(async (em) => {
    const current = await ownedScript(em, owner, id);
    const now = new Date();
    await em.query('UPDATE script SET deleted_at = ?, updated_at = ? WHERE id = ?', [dbTime(now), dbTime(now), id]);
    if (owner.scope === 'corp') await audit(em, owner.actor, 'script.delete', { type: 'script', id }, { title: current.title }, owner.ip);
  });
}

async function corpFolder(em: EntityManager, id: number): Promise<{ id: number; parent_id: number | null }> {
  return rowOr404<{ id: number; parent_id: number | null }>(
    em,
    "SELECT id, parent_id FROM script_folder WHERE id = ? AND scope = 'corp'",
    [id],
    scriptFolderNotFound,
  );
}

async function loadFolder(em: EntityManager, id: number): Promise<ScriptFolder> {
  return presentFolder(
    await rowOr404<{ id: number; name: string; parent_id: number | null; scope: string; sort_order: number }>(
      em,
      'SELECT id, name, parent_id, scope, sort_order FROM script_folder WHERE id = ?',
      [id],
      scriptFolderNotFound,
    ),
  );
}

/** A move must not put a folder inside itself or its own descendants. */
async function assertNoCycle(em: EntityManager, folderId: number, newParentId: number): Promise<void> {
  let cursor: number | null = newParentId;
  for (let depth = 0; cursor !== null && depth < 100; depth++) {
    if (cursor === folderId) throw folderCycle();
    cursor = (await corpFolder(em, cursor)).parent_id;
    cursor = cursor === null ? null : Number(cursor);
  }
}

export async function createFolder(deps: AppDeps, actor: Actor, ip: string | null, input: CreateFolderInput): Promise<ScriptFolder> {
  return deps.ds.transaction(async (em) => {
    if (input.parentId !== null) await corpFolder(em, input.parentId);
    const result = await em
      .createQueryBuilder()
      .insert()
      .into(ScriptFolderEntity)
      .values({
        name: input.name,
        parentId: input.parentId,
        scope: 'corp',
        ownerStaffId: null,
        sortOrder: input.sortOrder,
      })
      .execute();
    const id = Number(result.identifiers[0]?.id);
    await audit(em, actor, 'script_folder.create', { type: 'script_folder', id }, { name: input.name, parentId: input.parentId }, ip);
    return loadFolder(em, id);
  });
}

export async function updateFolder(
  deps: AppDeps,
  actor: Actor,
  ip: string | null,
  id: number,
  input: UpdateScriptFolderRequest,
): Promise<ScriptFolder> {
  return deps.ds.transaction(async (em) => {
    await corpFolder(em, id);
    if (input.parentId !== undefined && input.parentId !== null) await assertNoCycle(em, id, input.parentId);
    const sets: string[] = ['updated_at = ?'];
    const params: unknown[] = [dbTime(new Date())];
    if (input.name !== undefined) {
      sets.push('name = ?');
      params.push(input.name);
    }
    if (input.parentId !== undefined) {
      sets.push('parent_id = ?');
      params.push(input.parentId);
    }
    if (input.sortOrder !== undefined) {
      sets.push('sort_order = ?');
      params.push(input.sortOrder);
    }
    await em.query(`UPDATE script_folder SET ${sets.join(', ')} WHERE id = ?`, [...params, id]);
    await audit(em, actor, 'script_folder.update', { type: 'script_folder', id }, { ...input }, ip);
    return loadFolder(em, id);
  });
}

/** Deletes an empty corp folder (409 folder_not_empty while it holds scripts or folders). */
export async function deleteFolder(deps: AppDeps, actor: Actor, ip: string | null, id: number): Promise<void> {
  await deps.ds.transaction(async (em) => {
    await corpFolder(em, id);
    const used = await select(
      em,
      `SELECT 1 FROM script WHERE folder_id = ? AND deleted_at IS NULL
       UNION ALL SELECT 1 FROM script_folder WHERE parent_id = ?`,
      [id, id],
    );
    if (used.length > 0) throw folderNotEmpty();
    await em.query('UPDATE script SET folder_id = NULL WHERE folder_id = ?', [id]);
    await em.query('DELETE FROM script_folder WHERE id = ?', [id]);
    await audit(em, actor, 'script_folder.delete', { type: 'script_folder', id }, {}, ip);
  });
}
