import type { DataSource } from 'typeorm';
import { LIFECYCLE_STAGES, RFM_SEGMENTS, type LifecycleStage, type RfmSegment, type ScriptScope } from '@shared/enums.ts';
import { scriptBodySchema, type ScriptBody } from '@shared/scripts/content.ts';
import { conditionSchema, type Condition } from '@shared/rules/condition.ts';
import { fromDbTime, jsonObject, jsonStrings, likeAnywhere, num, select, selectOne, toBool, type Db } from '@server/db/sql.ts';
import { log } from '@server/logger.ts';

/** A script row with its body validated against the per-type content schema. */
export interface ScriptRecord {
  id: number;
  folderId: number | null;
  scope: ScriptScope;
  ownerStaffId: number | null;
  title: string;
  body: ScriptBody;
  forGroup: boolean;
  targetSegments: RfmSegment[];
  targetStages: LifecycleStage[];
  targetTagIds: string[];
  validFrom: string | null;
  validTo: string | null;
  /** Conditions for 推荐; a stored condition that no longer parses is kept as `never` (never 推荐). */
  conditions: Condition | null | 'never';
  sendCount: number;
  lastSentAt: Date | null;
  updatedAt: Date;
}

const COLUMNS = `id, folder_id, scope, owner_staff_id, type, title, content, for_group, target_segments, target_stages, target_tag_ids,
  valid_from, valid_to, conditions, send_count, last_sent_at, updated_at`;

const logger = log('http');

function mapRow(r: Record<string, unknown>): ScriptRecord | null {
  const body = scriptBodySchema.safeParse({ type: r.type, content: jsonObject(r.content) });
  if (!body.success) {
    // A row written by hand or by an older version: hide it rather than break the list.
    logger.warn({ scriptId: r.id }, 'script content does not match its type; skipped');
    return null;
  }
  return {
    id: Number(r.id),
    folderId: r.folder_id === null ? null : Number(r.folder_id),
    scope: r.scope === 'personal' ? 'personal' : 'corp',
    ownerStaffId: r.owner_staff_id === null ? null : Number(r.owner_staff_id),
    title: String(r.title),
    body: body.data,
    forGroup: toBool(r.for_group),
    targetSegments: jsonStrings(r.target_segments).filter((s): s is RfmSegment => (RFM_SEGMENTS as readonly string[]).includes(s)),
    targetStages: jsonStrings(r.target_stages).filter((s): s is LifecycleStage => (LIFECYCLE_STAGES as readonly string[]).includes(s)),
    targetTagIds: jsonStrings(r.target_tag_ids),
    validFrom: typeof r.valid_from === 'string' ? r.valid_from : null,
    validTo: typeof r.valid_to === 'string' ? r.valid_to : null,
    conditions: readConditions(r),
    sendCount: num(r.send_count),
    lastSentAt: fromDbTime(r.last_sent_at),
    updatedAt: fromDbTime(r.updated_at) ?? new Date(0),
  };
}

function readConditions(r: Record<string, unknown>): Condition | null | 'never' {
  if (r.conditions === null || r.conditions === undefined || r.conditions === '' || r.conditions === 'null') return null;
  const raw: unknown = typeof r.conditions === 'string' ? safeJson(r.conditions) : r.conditions;
  const parsed = conditionSchema.safeParse(raw);
  if (parsed.success) return parsed.data;
  logger.warn({ scriptId: r.id }, 'script conditions do not parse; never recommended');
  return 'never';
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/** Upper bound of candidates scored in memory for one list (the library is hundreds of scripts). */
export const MAX_CANDIDATES = 2000;

/** Scripts the actor can use: corp scripts plus their own personal ones (not deleted), filtered. */
export async function loadUsableScripts(
  ds: DataSource,
  staffId: number,
  filter: { q?: string; folderId?: number; forGroup?: boolean },
): Promise<ScriptRecord[]> {
  const where = ['deleted_at IS NULL', "(scope = 'corp' OR (scope = 'personal' AND owner_staff_id = ?))"];
  const params: unknown[] = [staffId];
  if (filter.folderId !== undefined) {
    where.push('folder_id = ?');
    params.push(filter.folderId);
  }
  if (filter.forGroup !== undefined) {
    where.push('for_group = ?');
    params.push(filter.forGroup ? 1 : 0);
  }
  if (filter.q) {
    where.push("(title LIKE ? ESCAPE '!' OR content LIKE ? ESCAPE '!')");
    const like = likeAnywhere(filter.q);
    params.push(like, like);
  }
  const rows = await select<Record<string, unknown>>(
    ds,
    `SELECT ${COLUMNS} FROM script WHERE ${where.join(' AND ')} ORDER BY id LIMIT ${MAX_CANDIDATES}`,
    params,
  );
  return rows.map(mapRow).filter((s): s is ScriptRecord => s !== null);
}

/** One script by id (deleted ones excluded), or null. */
export async function loadScript(db: Db, id: number): Promise<ScriptRecord | null> {
  const row = await selectOne<Record<string, unknown>>(db, `SELECT ${COLUMNS} FROM script WHERE id = ? AND deleted_at IS NULL`, [id]);
  return row ? mapRow(row) : null;
}
