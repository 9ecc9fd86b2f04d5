import { In } from 'typeorm';
import { shanghaiDay, shanghaiDayStart, DAY_MS } from '@shared/time.ts';
import { WecomBehaviorStatEntity, type WecomBehaviorStat } from '@server/entities/WecomBehaviorStat.ts';
import { chunks, upsertRows } from '@server/db/sql.ts';
import { followUserIds } from './customers.ts';
import { mapLimit, type StageContext } from './context.ts';

const USERS_PER_BATCH = 20;
const CALL_CONCURRENCY = 4;
export const BEHAVIOR_DAYS = 30;

/**
 * 联系客户统计 of the last 30 full days, one get_user_behavior_data call per
 * follow user (several userids would be summed by WeCom), upserted into
 * wecom_behavior_stat by (staff_id, day).
 */
export async function syncBehavior(ctx: StageContext): Promise<void> {
  const users = chunks(await followUserIds(ctx), USERS_PER_BATCH);
  const staffIds = await ctx.staffIds();
  const today = shanghaiDayStart(shanghaiDay(ctx.now)).getTime();
  const start = Math.floor((today - BEHAVIOR_DAYS * DAY_MS) / 1000);
  const end = Math.floor((today - DAY_MS) / 1000);
  for (let i = ctx.cp.stage === 'behavior' ? ctx.cp.chunk : 0; i < users.length; i++) {
    const perUser = await mapLimit(users[i]!, CALL_CONCURRENCY, async (userid) => ({
      userid,
      data: await ctx.api.getUserBehaviorData({ userid: [userid], start_time: start, end_time: end }),
    }));
    const rows: Array<Partial<WecomBehaviorStat>> = perUser
      .flatMap(({ userid, data }) =>
        data.map((d) => ({
          staffId: staffIds.get(userid)!,
          day: shanghaiDay(new Date(d.stat_time * 1000)),
          chatCnt: d.chat_cnt,
          messageCnt: d.message_cnt,
          replyPercentage: d.reply_percentage ?? null,
          avgReplyTime: d.avg_reply_time ?? null,
          negativeFeedbackCnt: d.negative_feedback_cnt,
          newApplyCnt: d.new_apply_cnt,
          newContactCnt: d.new_contact_cnt,
          updatedAt: ctx.now,
        })),
      )
      .filter((r) => r.staffId !== undefined);
    await ctx.commit(
      i + 1 < users.length ? { stage: 'behavior', chunk: i + 1 } : { stage: 'reconcile' },
      async (m) => {
        // Only new or changed days are written, so a repeated sync leaves updated_at alone.
        const old = await m
          .getRepository(WecomBehaviorStatEntity)
          .find({ where: { staffId: In([...new Set(rows.map((r) => r.staffId!))]) } });
        const oldByKey = new Map(old.map((o) => [`${o.staffId}:${o.day}`, o]));
        const changed = rows.filter((r) => {
          const o = oldByKey.get(`${r.staffId}:${r.day}`);
          return (
            !o ||
            o.chatCnt !== r.chatCnt ||
            o.messageCnt !== r.messageCnt ||
            o.replyPercentage !== r.replyPercentage ||
            o.avgReplyTime !== r.avgReplyTime ||
            o.negativeFeedbackCnt !== r.negativeFeedbackCnt ||
            o.newApplyCnt !== r.newApplyCnt ||
            o.newContactCnt !== r.newContactCnt
          );
        });
        await upsertRows(
          m,
          WecomBehaviorStatEntity,
          changed,
          [
            'chat_cnt',
            'message_cnt',
            'reply_percentage',
            'avg_reply_time',
            'negative_feedback_cnt',
            'new_apply_cnt',
            'new_contact_cnt',
            'updated_at',
          ],
          ['staff_id', 'day'],
        );
        ctx.bump('behaviorDays', rows.length);
        ctx.bump('written', changed.length);
      },
      { done: (i + 1) * USERS_PER_BATCH, total: users.length * USERS_PER_BATCH },
    );
  }
  if (users.length === 0) await ctx.commit({ stage: 'reconcile' });
}
