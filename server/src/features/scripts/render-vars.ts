import type { DataSource } from 'typeorm';
import type { ScriptVars } from '@shared/scripts/render.ts';
import { holidayOn } from '@shared/scripts/holidays.ts';
import { scriptVarsFor } from '@shared/scripts/vars.ts';
import { shanghaiDay } from '@shared/time.ts';
import type { Actor } from '@server/auth/actor.ts';
import { groupNotFound } from '@server/http/error-catalog.ts';
import { rowOr404, selectOne } from '@server/db/sql.ts';
import { loadOpenFacts, type CustomerOpenFacts } from '@server/features/customers/index.ts';

/** The day a chat's scripts are judged on: which are offered (validity, holidays) and how they render. */
export interface ChatDay {
  now: Date;
  /** 'YYYY-MM-DD' in Asia/Shanghai. */
  today: string;
  /** Today's holiday in the calendar, or null. */
  holiday: string | null;
}

export function chatDay(now: Date): ChatDay {
  const today = shanghaiDay(now);
  return { now, today, holiday: holidayOn(today) };
}

async function guideOf(ds: DataSource, actor: Actor): Promise<{ name: string; store: string | null }> {
  const row = await selectOne<{ store: string | null }>(
    ds,
    'SELECT d.name AS store FROM staff s LEFT JOIN department d ON d.id = s.main_department_id WHERE s.id = ?',
    [actor.staffId],
  );
  return { name: actor.name, store: row?.store ?? null };
}

/** What a customer-facing script knows: the variables and the customer's facts of this open. */
export interface CustomerScriptContext extends ChatDay {
  vars: ScriptVars;
  open: CustomerOpenFacts;
}

/**
 * Variables for a 1v1 chat through the one pure renderer (shared scriptVarsFor): {客户称呼} is the
 * actor's 称呼 for the customer, else the WeChat name — never the remark.
 */
export async function customerScriptContext(
  ds: DataSource,
  actor: Actor,
  customerId: number,
  now = new Date(),
  open?: CustomerOpenFacts,
): Promise<CustomerScriptContext> {
  const [facts, guide] = await Promise.all([open ?? loadOpenFacts(ds, actor, customerId, now), guideOf(ds, actor)]);
  const vars = scriptVarsFor({ guide, now, customer: { name: facts.name, salutation: facts.salutation } });
  return { ...chatDay(now), vars, open: facts };
}

/** Variables for a group chat: {群名称} plus the actor's name and store. */
export async function groupScriptContext(
  ds: DataSource,
  actor: Actor,
  groupId: number,
  now = new Date(),
): Promise<ChatDay & { vars: ScriptVars }> {
  const [g, guide] = await Promise.all([
    rowOr404<{ name: string }>(ds, 'SELECT name FROM group_chat WHERE id = ?', [groupId], groupNotFound),
    guideOf(ds, actor),
  ]);
  return { ...chatDay(now), vars: scriptVarsFor({ guide, now, group: { name: g.name } }) };
}
