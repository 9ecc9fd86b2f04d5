import type { GroupMember, GroupTag } from '@shared/api/groups.ts';
import type { LifecycleStage, RfmSegment } from '@shared/enums.ts';
import { fromDbTime, num, text } from '@server/db/sql.ts';
import { lifecycleLabel, segmentLabel } from '@server/features/customers/index.ts';
import { joinSceneLabel } from '@server/features/customers/index.ts';

export function presentGroupTag(r: { id: unknown; name: unknown; color: unknown }): GroupTag {
  return { id: Number(r.id), name: String(r.name), color: String(r.color) };
}

/** A member row of the members query (group_member joined with customer and staff). */
export interface MemberRow {
  id: unknown;
  member_type: unknown;
  userid: unknown;
  name: unknown;
  group_nickname: unknown;
  join_time: unknown;
  join_scene: unknown;
  customer_id: unknown;
  c_name: unknown;
  c_avatar: unknown;
  c_segment: unknown;
  c_stage: unknown;
  c_total: unknown;
  staff_id: unknown;
  s_name: unknown;
}

export function presentMember(
  r: MemberRow,
  tags: Map<number, Array<{ id: string; name: string }>>,
  visible: (customerId: number) => boolean,
): GroupMember {
  const customerId = r.customer_id === null ? null : Number(r.customer_id);
  const isStaff = Number(r.member_type) === 1;
  const scene = Number(r.join_scene ?? 0);
  const segment = (r.c_segment as RfmSegment | null) ?? null;
  const stage = (r.c_stage as LifecycleStage | null) ?? 'aware';
  return {
    memberId: Number(r.id),
    type: isStaff ? 'staff' : 'customer',
    userid: String(r.userid),
    name: (r.name as string | null) ?? (r.c_name as string | null) ?? (r.s_name as string | null) ?? null,
    groupNickname: (r.group_nickname as string | null) || null,
    joinTime: (fromDbTime(r.join_time) ?? new Date(0)).toISOString(),
    joinScene: scene,
    joinSceneLabel: joinSceneLabel(scene),
    customer:
      !isStaff && customerId !== null && r.c_name !== null
        ? {
            id: customerId,
            name: text(r.c_name),
            avatar: (r.c_avatar as string | null) ?? null,
            rfmSegment: segment,
            rfmSegmentLabel: segmentLabel(segment),
            lifecycleStage: stage,
            lifecycleLabel: lifecycleLabel(stage),
            totalSpent: num(r.c_total),
            tags: tags.get(customerId) ?? [],
            visible: visible(customerId),
          }
        : null,
    staff: isStaff && r.staff_id !== null ? { id: Number(r.staff_id), name: text(r.s_name ?? r.name) } : null,
  };
}
