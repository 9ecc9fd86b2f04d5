import type { DataSource } from 'typeorm';
import type { NextActionsResponse } from '@shared/api/next-actions.ts';
import { calendarDaysSince } from '@shared/customers/facts.ts';
import { conditionSchema, evaluate, renderReason } from '@shared/rules/condition.ts';
import { scriptBodySchema } from '@shared/scripts/content.ts';
import { holidayOn } from '@shared/scripts/holidays.ts';
import { shanghaiDay } from '@shared/time.ts';
import type { Actor } from '@server/auth/actor.ts';
import { versionedCache } from '@server/db/data-version.ts';
import { log } from '@server/logger.ts';
import { loadOpenFacts, type CustomerOpenFacts } from '@server/features/customers/index.ts';
import { dbTime, fromDbTime, jsonObject, jsonStrings, num, select } from '@server/db/sql.ts';
import { actionDone, pickScripts, scriptSelectorSchema, type CandidateScript, type Rule } from './next-actions.rules.ts';

/** Enabled rules from nba_rule (plain SQL), validated; a malformed rule is skipped (and logged), never fatal. */
export async function loadRules(ds: DataSource): Promise<Rule[]> {
  const rows = await select<{
    code: string;
    name: string;
    priority: unknown;
    rule_condition: unknown;
    reason_template: string;
    script_selector: unknown;
    done_for_days: unknown;
  }>(
    ds,
    `SELECT code, name, priority, rule_condition, reason_template, script_selector, done_for_days
       FROM nba_rule WHERE enabled = 1 ORDER BY priority DESC, id ASC`,
  );
  const rules: Rule[] = [];
  for (const r of rows) {
    const condition = conditionSchema.safeParse(jsonValue(r.rule_condition));
    const selector = scriptSelectorSchema.safeParse(jsonValue(r.script_selector) ?? {});
    if (!condition.success || !selector.success) {
      log('app').warn({ rule: r.code }, 'nba_rule is malformed; skipped');
      continue;
    }
    rules.push({
      code: r.code,
      name: r.name,
      priority: num(r.priority),
      condition: condition.data,
      reasonTemplate: r.reason_template,
      selector: selector.data,
      doneForDays: num(r.done_for_days),
    });
  }
  return rules;
}

/**
 * The rules as every open reads them: kept in memory until the `nba_rules` version is bumped
 * (whatever changes nba_rule bumps it; db/data-version.ts). Shared: never modify.
 */
export const cachedRules = versionedCache(loadRules);

type ScriptRow = {
  id: unknown;
  title: string;
  folder_name: string | null;
  type: string;
  content: unknown;
  target_segments: string | null;
  target_stages: string | null;
  target_tag_ids: string | null;
  valid_from: string | null;
  valid_to: string | null;
  conditions: unknown;
  send_count: unknown;
  sent_at: unknown;
  follow_up_at: unknown;
};

/** What was already done for this customer lately: scripts sent (days ago per script) and the last follow-up. */
interface Done {
  scriptSentDaysAgo: Map<number, number>;
  followUpDaysAgo: number | null;
}

/**
 * In one statement: the scripts the actor may send to a 1:1 chat that could be recommended (corp +
 * own personal ones), each with when it was last sent to this customer, and the customer's last
 * follow-up — both within the last `days` (the longest quiet time of the rules that fired). The
 * one-row follow-up side drives the join, so it is there even when no script is.
 */
async function candidatesAndDone(
  ds: DataSource,
  actor: Actor,
  customerId: number,
  now: Date,
  days: number,
): Promise<{ scripts: CandidateScript[]; done: Done }> {
  const since = dbTime(new Date(now.getTime() - (days + 1) * 86_400_000));
  const rows = await select<ScriptRow>(
    ds,
    `SELECT fu.t AS follow_up_at, ss.t AS sent_at, s.id, s.title, fo.name AS folder_name, s.type, s.content, s.target_segments,
            s.target_stages, s.target_tag_ids, s.valid_from, s.valid_to, s.conditions, s.send_count
       FROM (SELECT MAX(created_at) AS t FROM follow_up WHERE customer_id = ? AND created_at >= ?) fu
       LEFT JOIN script s ON s.deleted_at IS NULL AND s.for_group = 0 AND (s.scope = 'corp' OR s.owner_staff_id = ?)
       LEFT JOIN script_folder fo ON fo.id = s.folder_id
       LEFT JOIN (SELECT script_id, MAX(sent_at) AS t FROM script_send WHERE customer_id = ? AND sent_at >= ? GROUP BY script_id) ss
              ON ss.script_id = s.id`,
    [customerId, since, actor.staffId, customerId, since],
  );
  const scripts: CandidateScript[] = [];
  const scriptSentDaysAgo = new Map<number, number>();
  for (const r of rows) {
    if (r.id === null) continue;
    const sent = fromDbTime(r.sent_at);
    if (sent) scriptSentDaysAgo.set(num(r.id), calendarDaysSince(sent, now));
    const body = scriptBodySchema.safeParse({ type: r.type, content: jsonObject(r.content) });
    if (!body.success) continue;
    const cond =
      r.conditions === null || r.conditions === '' || r.conditions === 'null' ? null : conditionSchema.safeParse(jsonValue(r.conditions));
    scripts.push({
      id: num(r.id),
      title: r.title,
      folderName: r.folder_name,
      targetSegments: jsonStrings(r.target_segments),
      targetStages: jsonStrings(r.target_stages),
      targetTagIds: jsonStrings(r.target_tag_ids),
      sendCount: num(r.send_count),
      body: body.data,
      validFrom: r.valid_from,
      validTo: r.valid_to,
      conditions: cond === null ? null : cond.success ? cond.data : 'never',
    });
  }
  const followUp = fromDbTime(rows[0]?.follow_up_at ?? null);
  return { scripts, done: { scriptSentDaysAgo, followUpDaysAgo: followUp ? calendarDaysSince(followUp, now) : null } };
}

function jsonValue(v: unknown): unknown {
  if (typeof v !== 'string') return v;
  try {
    return JSON.parse(v);
  } catch {
    return undefined;
  }
}

/**
 * Up to three actions for this customer now: matching rules by priority whose action was not done
 * lately, each with its scripts. The facts are those of this open (shared with the value card and the
 * script recommendations); pass them in when the caller already has them.
 */
export async function nextActions(
  ds: DataSource,
  actor: Actor,
  customerId: number,
  now = new Date(),
  open?: CustomerOpenFacts,
): Promise<NextActionsResponse> {
  const found = open ?? (await loadOpenFacts(ds, actor, customerId, now));
  const fired = (await cachedRules(ds)).filter((r) => evaluate(r.condition, found.facts));
  if (fired.length === 0) return { items: [] };
  const longest = Math.max(...fired.map((r) => r.doneForDays));
  const { scripts, done } = await candidatesAndDone(ds, actor, customerId, now, longest);
  const customer = { segment: found.segment, stage: found.stage, tagIds: found.tagIds };
  const today = shanghaiDay(now);
  const day = { today, holiday: holidayOn(today), facts: found.facts };
  const items: NextActionsResponse['items'] = [];
  for (const r of fired) {
    if (items.length === 3) break;
    const qualifying = pickScripts(r.selector, scripts, customer, day, Number.POSITIVE_INFINITY);
    if (actionDone(r, qualifying, done)) continue;
    const picked = qualifying.slice(0, 3);
    items.push({
      code: r.code,
      title: r.name,
      reason: renderReason(r.reasonTemplate, found.facts),
      priority: r.priority,
      scriptIds: picked.map((s) => s.id),
      scripts: picked.map((s) => ({ id: s.id, title: s.title })),
    });
  }
  return { items };
}
