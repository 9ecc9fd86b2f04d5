import type { DataSource } from 'typeorm';
import type { RfmSegment, LifecycleStage } from '@shared/enums.ts';
import { fromDbTime, marks, rowOr404, select } from '@server/db/sql.ts';
import type { Customer } from '@server/entities/Customer.ts';
import { customerNotFound } from '@server/http/error-catalog.ts';
import { presentProfileConsent, profileConsentJoin } from '@server/features/archive/index.ts';

/** The customer row as the sidebar needs it: the entity less what the sidebar never reads. */
export type CustomerRow = Omit<Customer, 'unionid' | 'createdAt' | 'updatedAt'>;

interface RawCustomer {
  id: number;
  external_userid: string;
  name: string;
  avatar: string | null;
  type: number;
  gender: number;
  corp_name: string | null;
  phone: string | null;
  member_no: string | null;
  birthday: string | null;
  first_added_at: unknown;
  last_interaction_at: unknown;
  order_count: number | string;
  total_spent: number | string;
  last_order_at: unknown;
  rfm_r: number | null;
  rfm_f: number | null;
  rfm_m: number | null;
  rfm_segment: RfmSegment | null;
  rfm_computed_at: unknown;
  lifecycle_stage: LifecycleStage;
}

const CUSTOMER_COLUMNS = `id, external_userid, name, avatar, type, gender, corp_name, phone, member_no, birthday, first_added_at,
  last_interaction_at, order_count, total_spent, last_order_at, rfm_r, rfm_f, rfm_m, rfm_segment, rfm_computed_at, lifecycle_stage`;

function mapCustomer(r: RawCustomer): CustomerRow {
  return {
    id: Number(r.id),
    externalUserid: r.external_userid,
    name: r.name,
    avatar: r.avatar,
    type: Number(r.type),
    gender: Number(r.gender),
    corpName: r.corp_name,
    phone: r.phone,
    memberNo: r.member_no,
    birthday: r.birthday,
    firstAddedAt: fromDbTime(r.first_added_at),
    lastInteractionAt: fromDbTime(r.last_interaction_at),
    orderCount: Number(r.order_count),
    totalSpent: Number(r.total_spent),
    lastOrderAt: fromDbTime(r.last_order_at),
    rfmR: r.rfm_r === null ? null : Number(r.rfm_r),
    rfmF: r.rfm_f === null ? null : Number(r.rfm_f),
    rfmM: r.rfm_m === null ? null : Number(r.rfm_m),
    rfmSegment: r.rfm_segment,
    rfmComputedAt: fromDbTime(r.rfm_computed_at),
    lifecycleStage: r.lifecycle_stage,
  };
}

/** Loads one customer or throws 404 customer_not_found. */
export async function loadCustomer(ds: DataSource, id: number): Promise<CustomerRow> {
  return mapCustomer(await rowOr404<RawCustomer>(ds, `SELECT ${CUSTOMER_COLUMNS} FROM customer WHERE id = ?`, [id], customerNotFound));
}

/** An active follow relation with the guide's name. */
export interface FollowRow {
  id: number;
  staffId: number;
  staffUserid: string;
  staffName: string;
  remark: string | null;
  description: string | null;
  salutation: string | null;
  remarkCorpName: string | null;
  remarkMobiles: string[];
  addWay: number;
  state: string | null;
  /** The name of our channel code whose key is the state (null when not added through one). */
  channelName: string | null;
  addedAt: Date;
  /** The guide who handed the customer to this one, when the relation came from a completed transfer. */
  transferredFrom: { name: string; at: Date } | null;
}

/** The follow columns mapFollow reads (besides the guide's userid and name): one list for every follow query here. */
const FOLLOW_COLUMNS = [
  'id',
  'staff_id',
  'remark',
  'description',
  'salutation',
  'remark_corp_name',
  'remark_mobiles',
  'add_way',
  'state',
  'added_at',
] as const;

/** The customer's active follow relations (one query, guides' names joined). */
export async function loadActiveFollows(ds: DataSource, customerId: number): Promise<FollowRow[]> {
  const rows = await select<Record<string, unknown>>(
    ds,
    `SELECT ${FOLLOW_COLUMNS.map((col) => `f.${col}`).join(', ')}, s.userid, s.name, ch.name AS channel_name
       FROM customer_follow f JOIN staff s ON s.id = f.staff_id LEFT JOIN channel ch ON ch.state_key = f.state
      WHERE f.customer_id = ? AND f.lost_at IS NULL
      ORDER BY f.added_at ASC, f.id ASC`,
    [customerId],
  );
  return rows.map(mapFollow);
}

function mapFollow(r: Record<string, unknown>): FollowRow {
  return {
    id: Number(r.id),
    staffId: Number(r.staff_id),
    staffUserid: String(r.userid),
    staffName: String(r.name),
    remark: (r.remark as string | null) ?? null,
    description: (r.description as string | null) ?? null,
    salutation: (r.salutation as string | null) ?? null,
    remarkCorpName: (r.remark_corp_name as string | null) ?? null,
    remarkMobiles: parseMobiles(r.remark_mobiles),
    addWay: Number(r.add_way),
    state: (r.state as string | null) ?? null,
    channelName: (r.channel_name as string | null) ?? null,
    addedAt: fromDbTime(r.added_at) ?? new Date(0),
    transferredFrom: transferredFrom(r.from_name, r.from_at),
  };
}

function transferredFrom(name: unknown, at: unknown): FollowRow['transferredFrom'] {
  const when = fromDbTime(at);
  return typeof name === 'string' && when ? { name, at: when } : null;
}

function parseMobiles(v: unknown): string[] {
  if (typeof v !== 'string' || v === '') return [];
  try {
    const arr: unknown = JSON.parse(v);
    return Array.isArray(arr) ? arr.filter((x): x is string => typeof x === 'string' && x !== '') : [];
  } catch {
    return [];
  }
}

/** tag ids per follow id for the given follows (one query). */
export async function loadFollowTags(ds: DataSource, customerId: number, followIds: number[]): Promise<Map<number, Set<string>>> {
  const byFollow = new Map<number, Set<string>>();
  if (followIds.length === 0) return byFollow;
  const rows = await select<{ follow_id: number; tag_id: string }>(
    ds,
    `SELECT follow_id, tag_id FROM customer_tag WHERE customer_id = ? AND follow_id IN (${marks(followIds.length)})`,
    [customerId, ...followIds],
  );
  for (const r of rows) {
    const id = Number(r.follow_id);
    const set = byFollow.get(id) ?? new Set<string>();
    set.add(r.tag_id);
    byFollow.set(id, set);
  }
  return byFollow;
}

/** Everything the profile reads about one customer, for one actor. */
export interface ProfileFacts {
  customer: CustomerRow;
  follows: FollowRow[];
  /** Tag ids per follow id (active follows only). */
  followTags: Map<number, Set<string>>;
  archiveConsent: ReturnType<typeof presentProfileConsent>;
}

/**
 * The customer, their active follows with the guides' names (and who handed the customer over, for a
 * follow a transfer brought), each follow's tags and the actor's 1v1 archive consent, in ONE statement (a row per follow and tag; the customer columns repeat):
 * the profile is the sidebar's hottest read. 404 customer_not_found when there is no such customer.
 */
export async function loadProfileFacts(
  ds: DataSource,
  key: { id: number } | { externalUserid: string },
  actorUserid: string,
): Promise<ProfileFacts> {
  const rows = await select<RawCustomer & StoredFollowTag>(
    ds,
    `SELECT ${CUSTOMER_COLUMNS.split(',')
      .map((col) => `c.${col.trim()}`)
      .join(', ')},
            ${FOLLOW_COLUMNS.map((col) => `f.${col} AS f_${col}`).join(', ')}, s.userid AS f_userid, s.name AS f_name, ch.name AS f_channel_name,
            tf.completed_at AS f_from_at, hs.name AS f_from_name, t.tag_id, ac.status, ac.changed_at
       FROM customer c
       LEFT JOIN customer_follow f ON f.customer_id = c.id AND f.lost_at IS NULL
       LEFT JOIN staff s ON s.id = f.staff_id
       LEFT JOIN channel ch ON ch.state_key = f.state
       LEFT JOIN transfer_item tf ON tf.id = (SELECT MAX(t2.id) FROM transfer_item t2
                                              WHERE t2.customer_id = c.id AND t2.state = 'transferred' AND t2.takeover_staff_id = f.staff_id)
       LEFT JOIN staff hs ON hs.id = tf.handover_staff_id
       LEFT JOIN customer_tag t ON t.follow_id = f.id
       ${profileConsentJoin('ac', 'c.external_userid')}
      WHERE ${'id' in key ? 'c.id' : 'c.external_userid'} = ?
      ORDER BY f.added_at ASC, f.id ASC`,
    [actorUserid, 'id' in key ? key.id : key.externalUserid],
  );
  const first = rows[0];
  if (!first) throw customerNotFound();
  const follows: FollowRow[] = [];
  const followTags = new Map<number, Set<string>>();
  for (const r of rows) {
    if (r.f_id === null || r.f_userid === null) continue; // no follow (or its guide is unknown)
    const id = Number(r.f_id);
    let tags = followTags.get(id);
    if (!tags) {
      tags = new Set<string>();
      followTags.set(id, tags);
      follows.push(
        mapFollow({
          ...Object.fromEntries(FOLLOW_COLUMNS.map((col) => [col, r[`f_${col}` as keyof StoredFollowTag]])),
          userid: r.f_userid,
          name: r.f_name,
          channel_name: r.f_channel_name,
          from_name: r.f_from_name,
          from_at: r.f_from_at,
        }),
      );
    }
    if (r.tag_id !== null) tags.add(r.tag_id);
  }
  return { customer: mapCustomer(first), follows, followTags, archiveConsent: presentProfileConsent(first) };
}

/** The follow, tag and consent columns of a loadProfileFacts row (null where the LEFT JOINs found nothing). */
type StoredFollowTag = { [K in (typeof FOLLOW_COLUMNS)[number] as `f_${K}`]: unknown } & {
  f_userid: string | null;
  f_name: string | null;
  f_channel_name: string | null;
  /** The handover and completion of the transfer that brought this follow (null when it did not come from one). */
  f_from_name: string | null;
  f_from_at: unknown;
  tag_id: string | null;
  status: string | null;
  changed_at: unknown;
};
