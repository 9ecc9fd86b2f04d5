import { In, type EntityManager } from 'typeorm';
import type { InteractionSource } from '@shared/enums.ts';
import { CustomerEntity, type Customer } from '@server/entities/Customer.ts';
import { CustomerFollowEntity, type CustomerFollow } from '@server/entities/CustomerFollow.ts';
import { CustomerTagEntity } from '@server/entities/CustomerTag.ts';
import type { ExternalContact } from '@server/wecom/schemas.ts';
import { recordInteractions, type NewInteraction } from '@server/features/timeline/index.ts';
import { insertIgnore, upsertRows } from '@server/db/sql.ts';
import { dedupeKey, fromUnix, orNull, sameTime } from './values.ts';

/** One (customer, follower) relation as WeCom reports it, normalised from batch/get_by_user or externalcontact/get. */
export interface ContactFollowInput {
  contact: ExternalContact;
  follow: {
    userid: string;
    remark: string;
    description: string;
    createtime: number;
    /** Corp and strategy tag ids on this relation (personal tags are not mirrored). */
    tagIds: string[];
    remark_corp_name?: string;
    remark_mobiles?: string[];
    add_way: number;
    state?: string;
    oper_userid: string;
  };
}

export interface WriteContactsContext {
  now: Date;
  source: InteractionSource;
  /** The sync run that saw these relations (reconciliation marks relations older runs saw as lost). */
  runId?: number;
  /** staff.id by WeCom userid; relations of unknown members are skipped. */
  staffIds: Map<string, number>;
}

export interface WriteContactsResult {
  customersWritten: number;
  followsCreated: number;
  followsChanged: number;
  followsRestored: number;
  tagsAdded: number;
  tagsRemoved: number;
  interactions: number;
  skipped: number;
}

const CUSTOMER_UPDATE = ['name', 'avatar', 'type', 'gender', 'unionid', 'corp_name', 'phone', 'first_added_at', 'updated_at'];
const FOLLOW_UPDATE = [
  'remark',
  'description',
  'remark_corp_name',
  'remark_mobiles',
  'add_way',
  'state',
  'oper_userid',
  'added_at',
  'lost_at',
  'lost_reason',
  'last_seen_sync_id',
  'updated_at',
];

/** First mainland mobile among the guide's remark mobiles, normalised to 11 digits. */
function mobileOf(mobiles: string[] | undefined): string | null {
  for (const m of mobiles ?? []) {
    const digits = m.replace(/\D/g, '').replace(/^86(?=1\d{10}$)/, '');
    if (/^1\d{10}$/.test(digits)) return digits;
  }
  return null;
}

/**
 * Writes one batch of relations in the caller's transaction, set-based:
 * reads the existing customers/relations/tags of the batch once, then upserts
 * only rows that are new or differ (an unchanged row is not rewritten, so a
 * repeated sync causes no updated_at churn), restores relations marked lost,
 * replaces each relation's tag set and appends the interactions the changes
 * mean (friend_added, remark_changed, tag_added/tag_removed) under dedupe keys.
 */
export async function writeContactBatch(
  manager: EntityManager,
  items: ContactFollowInput[],
  ctx: WriteContactsContext,
): Promise<WriteContactsResult> {
  const result: WriteContactsResult = {
    customersWritten: 0,
    followsCreated: 0,
    followsChanged: 0,
    followsRestored: 0,
    tagsAdded: 0,
    tagsRemoved: 0,
    interactions: 0,
    skipped: 0,
  };
  const usable = items.filter((i) => {
    const ok = ctx.staffIds.has(i.follow.userid);
    if (!ok) result.skipped += 1;
    return ok;
  });
  if (usable.length === 0) return result;

  // ---- customers
  const byExt = new Map<string, { contact: ExternalContact; firstAdded: number; mobile: string | null }>();
  for (const { contact, follow } of usable) {
    const prev = byExt.get(contact.external_userid);
    byExt.set(contact.external_userid, {
      contact,
      firstAdded: Math.min(prev?.firstAdded ?? Infinity, follow.createtime),
      mobile: prev?.mobile ?? mobileOf(follow.remark_mobiles),
    });
  }
  const extIds = [...byExt.keys()];
  const existingCustomers = await manager.getRepository(CustomerEntity).find({ where: { externalUserid: In(extIds) } });
  const customerByExt = new Map(existingCustomers.map((c) => [c.externalUserid, c]));
  const customerRows: Array<Partial<Customer>> = [];
  for (const [ext, { contact, firstAdded, mobile }] of byExt) {
    const old = customerByExt.get(ext);
    const firstAddedAt =
      old?.firstAddedAt && old.firstAddedAt.getTime() <= firstAdded * 1000 ? new Date(old.firstAddedAt) : fromUnix(firstAdded);
    const next = {
      externalUserid: ext,
      name: contact.name,
      avatar: orNull(contact.avatar),
      type: contact.type,
      gender: contact.gender,
      unionid: orNull(contact.unionid),
      corpName: orNull(contact.corp_name),
      phone: old?.phone ?? mobile,
      firstAddedAt,
    };
    const changed =
      !old ||
      old.name !== next.name ||
      old.avatar !== next.avatar ||
      old.type !== next.type ||
      old.gender !== next.gender ||
      old.unionid !== next.unionid ||
      old.corpName !== next.corpName ||
      old.phone !== next.phone ||
      !sameTime(old.firstAddedAt, next.firstAddedAt);
    if (changed) customerRows.push({ ...next, updatedAt: ctx.now });
  }
  result.customersWritten = await upsertRows(manager, CustomerEntity, customerRows, CUSTOMER_UPDATE, ['external_userid']);
  const customers =
    customerRows.length === 0
      ? existingCustomers
      : await manager
          .getRepository(CustomerEntity)
          .find({ where: { externalUserid: In(extIds) }, select: { id: true, externalUserid: true } });
  const customerId = new Map(customers.map((c) => [c.externalUserid, c.id]));

  // ---- follow relations
  const customerIds = [...customerId.values()];
  const existingFollows = await manager.getRepository(CustomerFollowEntity).find({ where: { customerId: In(customerIds) } });
  const followKey = (cid: number, sid: number) => `${cid}:${sid}`;
  const followByKey = new Map(existingFollows.map((f) => [followKey(f.customerId, f.staffId), f]));
  const followRows: Array<Partial<CustomerFollow>> = [];
  const seenOnly: number[] = [];
  const events: Array<{ kind: 'added' | 'restored' | 'remark'; input: ContactFollowInput; old?: CustomerFollow }> = [];
  for (const input of usable) {
    const { follow } = input;
    const cid = customerId.get(input.contact.external_userid)!;
    const sid = ctx.staffIds.get(follow.userid)!;
    const old = followByKey.get(followKey(cid, sid));
    const next = {
      customerId: cid,
      staffId: sid,
      remark: orNull(follow.remark),
      description: orNull(follow.description),
      remarkCorpName: orNull(follow.remark_corp_name),
      remarkMobiles: (follow.remark_mobiles ?? []).filter((m) => m !== ''),
      addWay: follow.add_way,
      state: orNull(follow.state),
      operUserid: orNull(follow.oper_userid),
      addedAt: fromUnix(follow.createtime),
      lostAt: null,
      lostReason: null,
      lastSeenSyncId: ctx.runId ?? old?.lastSeenSyncId ?? null,
    };
    const changed =
      !old ||
      old.remark !== next.remark ||
      old.description !== next.description ||
      old.remarkCorpName !== next.remarkCorpName ||
      JSON.stringify(old.remarkMobiles ?? []) !== JSON.stringify(next.remarkMobiles) ||
      old.addWay !== next.addWay ||
      old.state !== next.state ||
      old.operUserid !== next.operUserid ||
      !sameTime(old.addedAt, next.addedAt) ||
      old.lostAt !== null;
    if (changed) {
      followRows.push({ ...next, updatedAt: ctx.now });
      if (!old) {
        result.followsCreated += 1;
        events.push({ kind: 'added', input });
      } else if (old.lostAt !== null) {
        result.followsRestored += 1;
        events.push({ kind: 'restored', input, old });
      } else {
        result.followsChanged += 1;
        if (old.remark !== next.remark || old.description !== next.description) events.push({ kind: 'remark', input, old });
      }
    } else if (ctx.runId !== undefined && old.lastSeenSyncId !== ctx.runId) {
      seenOnly.push(old.id);
    }
  }
  await upsertRows(manager, CustomerFollowEntity, followRows, FOLLOW_UPDATE, ['customer_id', 'staff_id']);
  // Seen again without any change: only the run marker moves (updated_at untouched).
  for (const ids of chunkIds(seenOnly)) {
    await manager
      .createQueryBuilder()
      .update(CustomerFollowEntity)
      .set({ lastSeenSyncId: ctx.runId ?? null, updatedAt: () => 'updated_at' })
      .where({ id: In(ids) })
      .updateEntity(false)
      .execute();
  }
  const follows =
    followRows.length === 0
      ? existingFollows
      : await manager
          .getRepository(CustomerFollowEntity)
          .find({ where: { customerId: In(customerIds) }, select: { id: true, customerId: true, staffId: true } });
  const followId = new Map(follows.map((f) => [followKey(f.customerId, f.staffId), f.id]));
  const idOf = (input: ContactFollowInput) => {
    const cid = customerId.get(input.contact.external_userid)!;
    const sid = ctx.staffIds.get(input.follow.userid)!;
    return { cid, sid, fid: followId.get(followKey(cid, sid))!, rel: `${input.contact.external_userid}:${input.follow.userid}` };
  };

  // ---- tags per relation
  const touchedFollowIds = usable.map((i) => idOf(i).fid);
  const existingTags = await manager
    .getRepository(CustomerTagEntity)
    .find({ where: { followId: In(touchedFollowIds) }, select: { followId: true, tagId: true } });
  const tagsByFollow = new Map<number, Set<string>>();
  for (const t of existingTags) {
    let s = tagsByFollow.get(t.followId);
    if (!s) tagsByFollow.set(t.followId, (s = new Set()));
    s.add(t.tagId);
  }
  const interactions: NewInteraction[] = [];
  const tagInserts: Array<{ followId: number; tagId: string; customerId: number }> = [];
  const nowSec = Math.floor(ctx.now.getTime() / 1000);
  const isNewFollow = new Set(events.filter((e) => e.kind === 'added').map((e) => e.input));
  for (const input of usable) {
    const { cid, sid, fid, rel } = idOf(input);
    const have = tagsByFollow.get(fid) ?? new Set<string>();
    const want = new Set(input.follow.tagIds);
    const base = { customerId: cid, staffId: sid, source: ctx.source, occurredAt: ctx.now };
    for (const tagId of want) {
      if (have.has(tagId)) continue;
      tagInserts.push({ followId: fid, tagId, customerId: cid });
      result.tagsAdded += 1;
      if (!isNewFollow.has(input)) {
        interactions.push({
          ...base,
          type: 'tag_added',
          dedupeKey: dedupeKey('tag_added', rel, tagId, nowSec),
          payload: { tagIds: [tagId], userid: input.follow.userid },
        });
      }
    }
    const removed = [...have].filter((t) => !want.has(t));
    if (removed.length > 0) {
      await manager.getRepository(CustomerTagEntity).delete({ followId: fid, tagId: In(removed) });
      result.tagsRemoved += removed.length;
      for (const tagId of removed) {
        interactions.push({
          ...base,
          type: 'tag_removed',
          dedupeKey: dedupeKey('tag_removed', rel, tagId, nowSec),
          payload: { tagIds: [tagId], userid: input.follow.userid },
        });
      }
    }
  }
  await insertIgnore(manager, CustomerTagEntity, tagInserts);

  // ---- interactions for what changed
  for (const e of events) {
    const { cid, sid, rel } = idOf(e.input);
    const { follow, contact } = e.input;
    if (e.kind === 'added' || e.kind === 'restored') {
      interactions.push({
        customerId: cid,
        staffId: sid,
        type: 'friend_added',
        occurredAt: fromUnix(follow.createtime),
        source: ctx.source,
        dedupeKey: dedupeKey('friend_added', rel, follow.createtime),
        payload: {
          userid: follow.userid,
          externalUserid: contact.external_userid,
          addWay: follow.add_way,
          state: follow.state ?? null,
          restored: e.kind === 'restored',
        },
      });
    } else {
      interactions.push({
        customerId: cid,
        staffId: sid,
        type: 'remark_changed',
        occurredAt: ctx.now,
        source: ctx.source,
        dedupeKey: dedupeKey('remark_changed', rel, nowSec),
        payload: {
          userid: follow.userid,
          remark: orNull(follow.remark),
          description: orNull(follow.description),
          previousRemark: e.old?.remark ?? null,
        },
      });
    }
  }
  result.interactions = interactions.length;
  await recordInteractions(manager, interactions);
  return result;
}

function chunkIds(ids: number[], size = 500): number[][] {
  const out: number[][] = [];
  for (let i = 0; i < ids.length; i += size) out.push(ids.slice(i, i + size));
  return out;
}
