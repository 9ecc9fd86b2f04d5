import type { DataSource, EntityManager } from 'typeorm';
import { shanghaiDay, shanghaiDayStart } from '@shared/time.ts';
import { dbTime, marks, select } from '@server/db/sql.ts';

/** A channel guide with what the rotation needs. */
export interface GuideFact {
  channelId: number;
  staffId: number;
  userid: string;
  name: string;
  position: number;
  canTake: boolean;
  reason: string | null;
  addsToday: number;
}

/** Why a member cannot be on a WeCom contact way, or null when they can (status 1 and 客户联系). */
export function cannotTakeReason(status: number, isFollowUser: boolean): string | null {
  if (status === 5) return '已离职';
  if (status !== 1) return '已停用或未激活';
  if (!isFollowUser) return '未开通客户联系';
  return null;
}

/**
 * The guides of these channels in rotation order, with whether each can take
 * customers and how many they took through that channel today (Asia/Shanghai):
 * two queries whatever the number of channels.
 */
export async function guideFacts(db: DataSource | EntityManager, channelIds: readonly number[], now = new Date()): Promise<GuideFact[]> {
  if (channelIds.length === 0) return [];
  const [guides, today] = await Promise.all([
    select<{
      channel_id: number;
      staff_id: number;
      userid: string;
      name: string;
      position: number;
      status: number;
      is_follow_user: number | boolean;
    }>(
      db,
      `SELECT g.channel_id, g.staff_id, s.userid, s.name, g.position, s.status, s.is_follow_user
         FROM channel_guide g JOIN staff s ON s.id = g.staff_id
        WHERE g.channel_id IN (${marks(channelIds.length)}) ORDER BY g.channel_id, g.position, g.id`,
      channelIds,
    ),
    select<{ channel_id: number; staff_id: number; n: number | string }>(
      db,
      `SELECT channel_id, staff_id, COUNT(*) AS n FROM channel_add
        WHERE channel_id IN (${marks(channelIds.length)}) AND added_at >= ? GROUP BY channel_id, staff_id`,
      [...channelIds, dbTime(shanghaiDayStart(shanghaiDay(now)))],
    ),
  ]);
  const adds = new Map(today.map((r) => [`${r.channel_id}:${r.staff_id}`, Number(r.n)]));
  return guides.map((g) => {
    const reason = cannotTakeReason(Number(g.status), g.is_follow_user === true || Number(g.is_follow_user) === 1);
    return {
      channelId: Number(g.channel_id),
      staffId: Number(g.staff_id),
      userid: g.userid,
      name: g.name,
      position: Number(g.position),
      canTake: reason === null,
      reason,
      addsToday: adds.get(`${g.channel_id}:${g.staff_id}`) ?? 0,
    };
  });
}
