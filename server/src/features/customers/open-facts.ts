import type { DataSource } from 'typeorm';
import { buildFacts, type Facts } from '@shared/customers/facts.ts';
import { guideDisplayName } from '@shared/customers/names.ts';
import type { Actor } from '@server/auth/actor.ts';
import { dbTime, fromDbTime, num, rowOr404, select } from '@server/db/sql.ts';
import { customerNotFound } from '@server/http/error-catalog.ts';
import { COUNTED_ORDER_SQL } from '@server/features/rfm/index.ts';
import type { ProfileFacts } from './customer-facts.ts';

/** Interaction types that are real contact with the customer (a tag change or a remark edit is not). */
export const CONTACT_TYPES = ['message_in', 'message_out', 'script_sent'] as const;
const CONTACT_IN = CONTACT_TYPES.map((t) => `'${t}'`).join(', ');
/** Follow-up notes that record a complaint or a bad reaction (the facts' daysSinceComplaint). */
const COMPLAINT_WORDS = ['投诉', '过敏', '不满意'];

/**
 * Everything the customer page decides with, computed once per open of a customer and handed to
 * the value card, the next actions and the script recommendations, so they agree with each other.
 */
export interface CustomerOpenFacts {
  facts: Facts;
  customerId: number;
  name: string;
  gender: number;
  segment: string | null;
  stage: string;
  /** The actor's own follow relation (null for a manager who does not follow the customer). */
  remark: string | null;
  salutation: string | null;
  tagIds: string[];
  lastContactAt: Date | null;
}

/** What the facts are built from besides the timeline: the customer, the actor's follow, the tags. */
interface OpenBase {
  customerId: number;
  name: string;
  gender: number;
  birthday: string | null;
  segment: string | null;
  stage: string;
  lastOrderAt: Date | null;
  remark: string | null;
  salutation: string | null;
  /** The actor's follow's added time, else the earliest active follow's. */
  addedAt: Date | null;
  tagIds: string[];
  tagNames: string[];
}

/** Three indexed queries: the customer with the actor's follow, one UNION ALL of times and counts, the tags. */
export async function loadOpenFacts(ds: DataSource, actor: Actor, customerId: number, now = new Date()): Promise<CustomerOpenFacts> {
  const c = await rowOr404<{
    name: string;
    gender: unknown;
    birthday: string | null;
    rfm_segment: string | null;
    lifecycle_stage: string;
    last_order_at: unknown;
    remark: string | null;
    salutation: string | null;
    my_added: unknown;
    first_added: unknown;
    handed_added: unknown;
  }>(
    ds,
    `SELECT c.name, c.gender, c.birthday, c.rfm_segment, c.lifecycle_stage, c.last_order_at, f.remark, f.salutation, f.added_at AS my_added,
            (SELECT MIN(f2.added_at) FROM customer_follow f2 WHERE f2.customer_id = c.id AND f2.lost_at IS NULL) AS first_added,
            (SELECT MIN(f3.added_at) FROM transfer_item t3 JOIN customer_follow f3 ON f3.customer_id = t3.customer_id AND f3.staff_id = t3.handover_staff_id
              WHERE t3.customer_id = c.id AND t3.takeover_staff_id = f.staff_id AND t3.state = 'transferred') AS handed_added
       FROM customer c LEFT JOIN customer_follow f ON f.customer_id = c.id AND f.staff_id = ? AND f.lost_at IS NULL
      WHERE c.id = ?`,
    [actor.staffId, customerId],
    customerNotFound,
  );
  // A customer handed over by a colleague is not a new friend: the relation counts from when the colleague added them.
  const added = fromDbTime(c.handed_added) ?? fromDbTime(c.my_added) ?? fromDbTime(c.first_added);
  const [rows, tags] = await Promise.all([
    timesAndCounts(ds, customerId, null, added, now),
    select<{ tag_id: string; name: string | null }>(
      ds,
      `SELECT DISTINCT ct.tag_id, t.name FROM customer_tag ct
         JOIN customer_follow f ON f.id = ct.follow_id AND f.lost_at IS NULL
         LEFT JOIN tag t ON t.id = ct.tag_id
        WHERE ct.customer_id = ?`,
      [customerId],
    ),
  ]);
  const base: OpenBase = {
    customerId,
    name: c.name,
    gender: num(c.gender),
    birthday: c.birthday,
    segment: c.rfm_segment,
    stage: c.lifecycle_stage,
    lastOrderAt: fromDbTime(c.last_order_at),
    remark: c.remark,
    salutation: c.salutation,
    addedAt: added,
    tagIds: tags.map((t) => t.tag_id),
    tagNames: tags.map((t) => t.name).filter((n): n is string => !!n),
  };
  return assemble(base, rows, now);
}

/**
 * The same facts for a profile already loaded (loadProfileFacts: the customer, the active follows
 * and their tags): only the UNION ALL of times and counts is left to read. Tag names come from the
 * catalog the profile was drawn with.
 */
export async function openFactsOfProfile(
  ds: DataSource,
  actor: Actor,
  profile: ProfileFacts,
  tagName: (id: string) => string | undefined,
  now = new Date(),
): Promise<CustomerOpenFacts> {
  const { customer, follows, followTags } = profile;
  const mine = follows.find((f) => f.staffId === actor.staffId);
  const firstAdded = follows.reduce<Date | null>((min, f) => (min === null || f.addedAt < min ? f.addedAt : min), null);
  const rows = await timesAndCounts(ds, customer.id, mine ? actor.staffId : null, mine?.addedAt ?? firstAdded, now);
  // As in loadOpenFacts: a customer handed over to the actor counts from when the colleague added them.
  const added = fromDbTime(rows.find((r) => r.k === 'handed')?.t ?? null) ?? mine?.addedAt ?? firstAdded;
  const tagIds = [...new Set([...followTags.values()].flatMap((set) => [...set]))];
  const base: OpenBase = {
    customerId: customer.id,
    name: customer.name,
    gender: customer.gender,
    birthday: customer.birthday,
    segment: customer.rfmSegment,
    stage: customer.lifecycleStage,
    lastOrderAt: customer.lastOrderAt,
    remark: mine?.remark ?? null,
    salutation: mine?.salutation ?? null,
    addedAt: added,
    tagIds,
    tagNames: tagIds.map(tagName).filter((n): n is string => !!n),
  };
  return assemble(base, rows, now);
}

type TimeRow = { k: string; v: unknown; t: unknown };

/** When the colleague who handed the customer over to `takeover` added them (completed transfers only). */
const HANDED_ADDED_SQL = `SELECT MIN(f3.added_at) FROM transfer_item t3
  JOIN customer_follow f3 ON f3.customer_id = t3.customer_id AND f3.staff_id = t3.handover_staff_id
 WHERE t3.customer_id = ? AND t3.takeover_staff_id = ? AND t3.state = 'transferred'`;

/**
 * One statement: messages out since added, the last contact, refund and complaint, the last month's
 * paid orders. With `takeover` (the actor's staff id when they follow the customer) it also answers
 * when the customer was handed over to them (row 'handed'), and counts messages from then.
 */
function timesAndCounts(ds: DataSource, customerId: number, takeover: number | null, added: Date | null, now: Date): Promise<TimeRow[]> {
  const complaint = COMPLAINT_WORDS.map(() => 'content LIKE ?').join(' OR ');
  const since = takeover === null ? '?' : `COALESCE((${HANDED_ADDED_SQL}), ?)`;
  const handed = takeover === null ? [] : [customerId, takeover];
  return select<TimeRow>(
    ds,
    `SELECT 'out' AS k, COUNT(*) AS v, NULL AS t FROM interaction
      WHERE customer_id = ? AND type IN ('message_out', 'script_sent') AND occurred_at >= ${since}
     ${takeover === null ? '' : `UNION ALL SELECT 'handed' AS k, NULL AS v, (${HANDED_ADDED_SQL}) AS t`}
     UNION ALL SELECT 'contact' AS k, NULL AS v, MAX(occurred_at) AS t FROM interaction WHERE customer_id = ? AND type IN (${CONTACT_IN})
     UNION ALL SELECT 'refund' AS k, NULL AS v, MAX(source_updated_at) AS t FROM orders WHERE customer_id = ? AND refunded_amount > 0
     UNION ALL SELECT 'complaint' AS k, NULL AS v, MAX(created_at) AS t FROM follow_up WHERE customer_id = ? AND (${complaint})
     UNION ALL SELECT 'paid' AS k, NULL AS v, o.paid_at AS t FROM orders o WHERE o.customer_id = ? AND ${COUNTED_ORDER_SQL} AND o.paid_at >= ?`,
    [
      customerId,
      ...handed,
      dbTime(added ?? now),
      ...handed,
      customerId,
      customerId,
      customerId,
      ...COMPLAINT_WORDS.map((w) => `%${w}%`),
      customerId,
      dbTime(new Date(now.getTime() - 31 * 86_400_000)),
    ],
  );
}

function assemble(base: OpenBase, rows: TimeRow[], now: Date): CustomerOpenFacts {
  const at = (k: string) => fromDbTime(rows.find((r) => r.k === k)?.t ?? null);
  const lastContactAt = at('contact');
  const facts = buildFacts(
    {
      displayName: guideDisplayName({ remark: base.remark, name: base.name }),
      segment: base.segment,
      lifecycleStage: base.stage,
      birthday: base.birthday,
      addedAt: base.addedAt,
      messagesOutSinceAdded: num(rows.find((r) => r.k === 'out')?.v),
      lastContactAt,
      lastOrderAt: base.lastOrderAt,
      lastRefundAt: at('refund'),
      lastComplaintAt: at('complaint'),
      paidOrderAts: rows
        .filter((r) => r.k === 'paid')
        .map((r) => fromDbTime(r.t))
        .filter((d): d is Date => d !== null),
      tagNames: base.tagNames,
    },
    now,
  );
  return {
    facts,
    customerId: base.customerId,
    name: base.name,
    gender: base.gender,
    segment: base.segment,
    stage: base.stage,
    remark: base.remark,
    salutation: base.salutation,
    tagIds: base.tagIds,
    lastContactAt,
  };
}
