import { EntitySchema } from 'typeorm';
import { col } from '@server/db/columns.ts';

/** WeCom's 联系客户统计 for one guide on one Asia/Shanghai day (get_user_behavior_data). */
export interface WecomBehaviorStat {
  id: number;
  staffId: number;
  /** 'YYYY-MM-DD' (Asia/Shanghai). */
  day: string;
  chatCnt: number;
  messageCnt: number;
  /** Percentage (e.g. 60.25); null on days without chats. */
  replyPercentage: number | null;
  /** Minutes; null on days without chats. */
  avgReplyTime: number | null;
  negativeFeedbackCnt: number;
  newApplyCnt: number;
  newContactCnt: number;
  updatedAt: Date;
}

export const WecomBehaviorStatEntity = new EntitySchema<WecomBehaviorStat>({
  name: 'WecomBehaviorStat',
  tableName: 'wecom_behavior_stat',
  columns: {
    id: col.id(),
    staffId: col.int(),
    day: col.str(10),
    chatCnt: { type: 'int', default: 0 },
    messageCnt: { type: 'int', default: 0 },
    replyPercentage: { type: 'double', nullable: true },
    avgReplyTime: col.int(true),
    negativeFeedbackCnt: { type: 'int', default: 0 },
    newApplyCnt: { type: 'int', default: 0 },
    newContactCnt: { type: 'int', default: 0 },
    updatedAt: col.updatedAt(),
  },
  uniques: [{ columns: ['staffId', 'day'] }],
});
