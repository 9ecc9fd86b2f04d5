import type { CustomerListItem, CustomerProfileResponse, MyFollow, TransferredFrom } from '@shared/api/customers.ts';
import type { ProfileTagGroup } from '@shared/api/tags.ts';
import { LIFECYCLE_LABELS, RFM_SEGMENT_LABELS, type LifecycleStage, type RfmSegment } from '@shared/enums.ts';
import type { Actor } from '@server/auth/actor.ts';
import { maskPhone } from '@server/logger.ts';
import type { CustomerRow, FollowRow } from './customer-facts.ts';
import { addWayLabel, channelLabel, customerTypeLabel, customerTypeOf, genderLabel } from './common/labels.ts';
import { suggestSalutations } from '@shared/customers/names.ts';
import { shanghaiDay } from '@shared/time.ts';

export function segmentLabel(segment: RfmSegment | null): string | null {
  return segment ? RFM_SEGMENT_LABELS[segment] : null;
}

export function lifecycleLabel(stage: LifecycleStage): string {
  return LIFECYCLE_LABELS[stage] ?? stage;
}

/** 由 张雅 转交（2026-12-03）: who handed the customer over and on which Shanghai day. */
function presentTransferredFrom(f: FollowRow): TransferredFrom | null {
  const t = f.transferredFrom;
  return t ? { name: t.name, at: t.at.toISOString(), label: `由 ${t.name} 转交（${shanghaiDay(t.at)}）` } : null;
}

function presentMyFollow(f: FollowRow): MyFollow {
  return {
    remark: f.remark,
    description: f.description,
    remarkCorpName: f.remarkCorpName,
    addWay: f.addWay,
    addWayLabel: addWayLabel(f.addWay),
    state: f.state,
    channelLabel: channelLabel(f.state, f.channelName),
    salutation: f.salutation,
    addedAt: f.addedAt.toISOString(),
    transferredFrom: presentTransferredFrom(f),
  };
}

/** The first-screen profile: no entity leaks, phones masked unless the actor is an admin. */
export function presentProfile(input: {
  actor: Actor;
  customer: CustomerRow;
  follows: FollowRow[];
  tagGroups: ProfileTagGroup[];
  archiveConsent: CustomerProfileResponse['archiveConsent'];
  /** The one days-since-contact figure of this open (shared with next actions and recommendations). */
  contact: { lastContactAt: Date | null; daysSinceLastContact: number | null };
}): CustomerProfileResponse {
  const { actor, customer: c, follows } = input;
  const mine = follows.find((f) => f.staffId === actor.staffId) ?? null;
  const rawPhones = [...new Set([c.phone, ...(mine?.remarkMobiles ?? [])].filter((p): p is string => !!p))];
  const reveal = actor.role === 'admin';
  return {
    id: c.id,
    externalUserid: c.externalUserid,
    name: c.name,
    avatar: c.avatar,
    type: customerTypeOf(c.type),
    typeLabel: customerTypeLabel(c.type),
    corpName: c.corpName,
    gender: c.gender,
    genderLabel: genderLabel(c.gender),
    birthday: c.birthday,
    memberNo: c.memberNo,
    firstAddedAt: c.firstAddedAt?.toISOString() ?? null,
    myFollow: mine ? presentMyFollow(mine) : null,
    salutationSuggestions: suggestSalutations(c.name, c.gender),
    followers: follows.map((f) => ({
      id: f.staffId,
      userid: f.staffUserid,
      name: f.staffName,
      isMe: f.staffId === actor.staffId,
      addedAt: f.addedAt.toISOString(),
      transferredFrom: presentTransferredFrom(f),
    })),
    value: {
      rfmSegment: c.rfmSegment,
      rfmSegmentLabel: segmentLabel(c.rfmSegment),
      rfm: c.rfmR !== null && c.rfmF !== null && c.rfmM !== null ? { r: c.rfmR, f: c.rfmF, m: c.rfmM } : null,
      rfmComputedAt: c.rfmComputedAt?.toISOString() ?? null,
      lifecycleStage: c.lifecycleStage,
      lifecycleLabel: lifecycleLabel(c.lifecycleStage),
      totalSpent: c.totalSpent,
      orderCount: c.orderCount,
      lastOrderAt: c.lastOrderAt?.toISOString() ?? null,
      lastInteractionAt: input.contact.lastContactAt?.toISOString() ?? null,
      daysSinceLastContact: input.contact.daysSinceLastContact,
    },
    tagGroups: input.tagGroups,
    phones: reveal ? rawPhones : rawPhones.map(maskPhone),
    phonesMasked: !reveal,
    archiveConsent: input.archiveConsent,
  };
}

/** A row of "my customers". */
export function presentListItem(r: {
  id: number;
  externalUserid: string;
  name: string;
  remark: string | null;
  avatar: string | null;
  type: number;
  rfmSegment: RfmSegment | null;
  lifecycleStage: LifecycleStage;
  addedAt: Date;
  lastInteractionAt: Date | null;
}): CustomerListItem {
  return {
    id: r.id,
    externalUserid: r.externalUserid,
    name: r.name,
    remark: r.remark,
    avatar: r.avatar,
    type: customerTypeOf(r.type),
    rfmSegment: r.rfmSegment,
    rfmSegmentLabel: segmentLabel(r.rfmSegment),
    lifecycleStage: r.lifecycleStage,
    lifecycleLabel: lifecycleLabel(r.lifecycleStage),
    addedAt: r.addedAt.toISOString(),
    lastInteractionAt: r.lastInteractionAt?.toISOString() ?? null,
  };
}
