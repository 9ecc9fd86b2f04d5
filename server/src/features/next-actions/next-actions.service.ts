import type { DataSource } from 'typeorm';
import { z } from 'zod';
import type { NextActionsResponse } from '@shared/api/next-actions.ts';
import { RFM_SEGMENT_LABELS, type RfmSegment } from '@shared/enums.ts';
import { shanghaiDay } from '@shared/time.ts';
import type { Actor } from '@server/auth/actor.ts';
import { customerNotFound } from '@server/http/error-catalog.ts';
import { log } from '@server/logger.ts';
import { COUNTED_ORDER_SQL } from '@server/features/rfm/index.ts';
import { dbTime, fromDbTime, num, select, selectOne } from '@server/db/sql.ts';
import {
  conditionSchema,
  evaluate,
  pickScripts,
  renderReason,
  scriptSelectorSchema,
  type CandidateScript,
  type Facts,
  type Rule,
} from './next-actions.rules.ts';

const HOUR_MS = 3600_000;
const DAY_MS = 24 * HOUR_MS;
const stringList = z.array(z.string()).catch([]);

/** Enabled rules from nba_rule, validated; a malformed rule is skipped (and logged), never fatal. */
export async function loadRules(ds: DataSource): Promise<Rule[]> {
  // Raw rows (no entity hydration): this runs on every sidebar open.
  const rows = await select<{
    code: string;
    name: string;
    priority: unknown;
    rule_condition: string | null;
    reason_template: string;
    script_selector: string | null;
  }>(
    ds,
    `SELECT code, name, priority, rule_condition, reason_template, script_selector
       FROM nba_rule WHERE enabled = 1 ORDER BY priority DESC, id ASC`,
  );
  const rules: Rule[] = [];
  for (const r of rows) {
    const condition = conditionSchema.safeParse(parseJson(r.rule_condition));
    const selector = scriptSelectorSchema.safeParse(parseJson(r.script_selector) ?? {});
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
    });
  }
  return rules;
}

function parseJson(text: string | null): unknown {
  if (text === null) return null;
  try {
    return JSON.parse(text);
  } catch {
    return undefined; // fails the schema: the rule is skipped and logged
  }
}

/** Days from today (Asia/Shanghai) to the next 'MM-DD' birthday; 0 = today. */
export function daysToBirthday(birthday: string | null, now: Date): number | null {
  const m = birthday ? /^(\d{2})-(\d{2})$/.exec(birthday) : null;
  if (!m) return null;
  const today = shanghaiDay(now);
  const t = Date.parse(`${today}T00:00:00Z`);
  const year = Number(today.slice(0, 4));
  for (const y of [year, year + 1]) {
    const b = Date.UTC(y, Number(m[1]) - 1, Number(m[2]));
    if (b >= t) return Math.round((b - t) / DAY_MS);
  }
  return null;
}

/**
 * What a caller that has just read the customer (the sidebar's open) already knows, so the facts
 * cost one statement instead of two and the tags none.
 */
export interface KnownCustomer {
  name: string;
  birthday: string | null;
  rfmSegment: string | null;
  lifecycleStage: string;
  lastInteractionAt: Date | null;
  /** When the actor added the customer, else when the first active follow did. */
  addedAt: Date | null;
  /** Tag ids on the customer (any guide's). */
  tagIds: string[];
}

/** The customer row with the follow relation's added time (the first half of customerFacts). */
async function loadKnownCustomer(ds: DataSource, actor: Actor, customerId: number): Promise<Omit<KnownCustomer, 'tagIds'> | null> {
  const c = await selectOne<{
    name: string;
    birthday: string | null;
    rfm_segment: string | null;
    lifecycle_stage: string;
    last_interaction_at: unknown;
    my_added: unknown;
    first_added: unknown;
  }>(
    ds,
    `SELECT c.name, c.birthday, c.rfm_segment, c.lifecycle_stage, c.last_interaction_at,
            (SELECT MAX(f.added_at) FROM customer_follow f WHERE f.customer_id = c.id AND f.staff_id = ?) AS my_added,
            (SELECT MIN(f.added_at) FROM customer_follow f WHERE f.customer_id = c.id AND f.lost_at IS NULL) AS first_added
       FROM customer c WHERE c.id = ?`,
    [actor.staffId, customerId],
  );
  if (!c) return null;
  return {
    name: c.name,
    birthday: c.birthday,
    rfmSegment: c.rfm_segment,
    lifecycleStage: c.lifecycle_stage,
    lastInteractionAt: fromDbTime(c.last_interaction_at),
    addedAt: fromDbTime(c.my_added) ?? fromDbTime(c.first_added),
  };
}

/**
 * The customer's facts in two queries: the customer row with the follow relation's added time
 * (skipped when the caller knows it), then one UNION ALL over interactions and orders (messages
 * out since added, last refund, recent paid orders).
 */
export async function customerFacts(
  ds: DataSource,
  actor: Actor,
  customerId: number,
  now: Date,
  known?: Omit<KnownCustomer, 'tagIds'>,
): Promise<{ facts: Facts; segment: string | null; stage: string } | null> {
  const c = known ?? (await loadKnownCustomer(ds, actor, customerId));
  if (!c) return null;
  const added = c.addedAt;
  const rows = await select<{ k: string; v: unknown; t: unknown }>(
    ds,
    `SELECT 'msg' AS k, COUNT(*) AS v, NULL AS t FROM interaction WHERE customer_id = ? AND type = 'message_out' AND occurred_at >= ?
     UNION ALL SELECT 'refund' AS k, NULL AS v, MAX(source_updated_at) AS t FROM orders WHERE customer_id = ? AND refunded_amount > 0
     UNION ALL SELECT 'paid' AS k, NULL AS v, o.paid_at AS t FROM orders o WHERE o.customer_id = ? AND ${COUNTED_ORDER_SQL} AND o.paid_at >= ?`,
    [customerId, dbTime(added ?? now), customerId, customerId, dbTime(new Date(now.getTime() - 31 * DAY_MS))],
  );
  const days = (t: Date | null) => (t === null ? null : Math.floor((now.getTime() - t.getTime()) / DAY_MS));
  const msg = rows.find((r) => r.k === 'msg');
  const refund = fromDbTime(rows.find((r) => r.k === 'refund')?.t ?? null);
  const paid = rows
    .filter((r) => r.k === 'paid')
    .map((r) => days(fromDbTime(r.t)))
    .filter((d): d is number => d !== null);
  const segment = c.rfmSegment;
  const lastContact = c.lastInteractionAt;
  const facts: Facts = {
    name: c.name,
    segmentLabel: segment && segment in RFM_SEGMENT_LABELS ? RFM_SEGMENT_LABELS[segment as RfmSegment] : '',
    hoursSinceAdded: added === null ? null : Math.floor((now.getTime() - added.getTime()) / HOUR_MS),
    messagesOutSinceAdded: added === null ? null : num(msg?.v),
    segment,
    lifecycleStage: c.lifecycleStage,
    daysSinceLastContact: days(lastContact),
    paidOrderDaysAgo: paid,
    daysToBirthday: daysToBirthday(c.birthday, now),
    daysSinceLastRefund: days(refund),
  };
  return { facts, segment, stage: c.lifecycleStage };
}

/** Scripts the actor may send to a 1:1 chat that could be recommended (corp + own personal ones). */
async function candidateScripts(ds: DataSource, actor: Actor): Promise<CandidateScript[]> {
  const rows = await select<{
    id: unknown;
    title: string;
    folder_name: string | null;
    target_segments: string | null;
    target_stages: string | null;
    target_tag_ids: string | null;
    send_count: unknown;
  }>(
    ds,
    `SELECT s.id, s.title, f.name AS folder_name, s.target_segments, s.target_stages, s.target_tag_ids, s.send_count
       FROM script s LEFT JOIN script_folder f ON f.id = s.folder_id
      WHERE s.deleted_at IS NULL AND s.for_group = 0 AND (s.scope = 'corp' OR s.owner_staff_id = ?)`,
    [actor.staffId],
  );
  const list = (v: string | null) => {
    try {
      return stringList.parse(JSON.parse(v ?? '[]'));
    } catch {
      return [];
    }
  };
  return rows.map((r) => ({
    id: num(r.id),
    title: r.title,
    folderName: r.folder_name,
    targetSegments: list(r.target_segments),
    targetStages: list(r.target_stages),
    targetTagIds: list(r.target_tag_ids),
    sendCount: num(r.send_count),
  }));
}

/**
 * Up to three actions for this customer now: matching rules by priority, each with its scripts.
 * `known`: what the caller already read about the customer (see KnownCustomer).
 */
export async function nextActions(
  ds: DataSource,
  actor: Actor,
  customerId: number,
  now = new Date(),
  known?: KnownCustomer,
): Promise<NextActionsResponse> {
  const [found, allRules] = await Promise.all([customerFacts(ds, actor, customerId, now, known), loadRules(ds)]);
  if (!found) throw customerNotFound();
  const rules = allRules.filter((r) => evaluate(r.condition, found.facts)).slice(0, 3);
  if (rules.length === 0) return { items: [] };
  const [scripts, tagIds] = await Promise.all([
    candidateScripts(ds, actor),
    known
      ? known.tagIds
      : select<{ tag_id: string }>(ds, 'SELECT DISTINCT tag_id FROM customer_tag WHERE customer_id = ?', [customerId]).then((rows) =>
          rows.map((t) => t.tag_id),
        ),
  ]);
  const customer = { segment: found.segment, stage: found.stage, tagIds };
  return {
    items: rules.map((r) => {
      const picked = pickScripts(r.selector, scripts, customer);
      return {
        code: r.code,
        title: r.name,
        reason: renderReason(r.reasonTemplate, found.facts),
        priority: r.priority,
        scriptIds: picked.map((s) => s.id),
        scripts: picked.map((s) => ({ id: s.id, title: s.title })),
      };
    }),
  };
}
