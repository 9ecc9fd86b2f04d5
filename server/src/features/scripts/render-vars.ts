import type { DataSource } from 'typeorm';
import type { ScriptVars } from '@shared/scripts/render.ts';
import { shanghaiDay } from '@shared/time.ts';
import type { Actor } from '@server/auth/actor.ts';
import { customerNotFound, groupNotFound } from '@server/http/error-catalog.ts';
import { rowOr404, select, selectOne } from '@server/db/sql.ts';

/** '11月23日' for the Asia/Shanghai day of `now`. */
export function todayLabel(now: Date): string {
  const [, m, d] = shanghaiDay(now).split('-');
  return `${Number(m)}月${Number(d)}日`;
}

async function actorVars(ds: DataSource, actor: Actor, now: Date): Promise<ScriptVars> {
  const row = await selectOne<{ store: string | null }>(
    ds,
    'SELECT d.name AS store FROM staff s LEFT JOIN department d ON d.id = s.main_department_id WHERE s.id = ?',
    [actor.staffId],
  );
  return { 导购姓名: actor.name, 门店: row?.store ?? null, 今天: todayLabel(now) };
}

/** What a customer-facing script knows about the customer (for rendering and scoring). */
export interface CustomerScriptContext {
  vars: ScriptVars;
  segment: string | null;
  stage: string;
  tagIds: Set<string>;
}

/**
 * Variables for a 1v1 chat: {客户称呼} = the actor's remark, else the name; {客户昵称} = the
 * name; plus the actor's name and store. Also the customer's segment, stage and tags (all
 * active follows) for scoring. Three queries.
 */
export async function customerScriptContext(
  ds: DataSource,
  actor: Actor,
  customerId: number,
  now = new Date(),
): Promise<CustomerScriptContext> {
  const [c, tags, base] = await Promise.all([
    rowOr404<{ name: string; rfm_segment: string | null; lifecycle_stage: string; remark: string | null }>(
      ds,
      `SELECT c.name, c.rfm_segment, c.lifecycle_stage, f.remark
         FROM customer c LEFT JOIN customer_follow f ON f.customer_id = c.id AND f.staff_id = ? AND f.lost_at IS NULL
        WHERE c.id = ?`,
      [actor.staffId, customerId],
      customerNotFound,
    ),
    select<{ tag_id: string }>(
      ds,
      `SELECT DISTINCT ct.tag_id FROM customer_tag ct JOIN customer_follow f ON f.id = ct.follow_id AND f.lost_at IS NULL WHERE ct.customer_id = ?`,
      [customerId],
    ),
    actorVars(ds, actor, now),
  ]);
  return {
    vars: { ...base, 客户称呼: c.remark || c.name, 客户昵称: c.name },
    segment: c.rfm_segment,
    stage: c.lifecycle_stage,
    tagIds: new Set(tags.map((t) => t.tag_id)),
  };
}

/** Variables for a group chat: {群名称} plus the actor's name and store. */
export async function groupScriptVars(ds: DataSource, actor: Actor, groupId: number, now = new Date()): Promise<ScriptVars> {
  const [g, base] = await Promise.all([
    rowOr404<{ name: string }>(ds, 'SELECT name FROM group_chat WHERE id = ?', [groupId], groupNotFound),
    actorVars(ds, actor, now),
  ]);
  return { ...base, 群名称: g.name };
}
