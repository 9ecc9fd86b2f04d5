import { shanghaiDay } from '@shared/time.ts';
import type { SimState } from './state.ts';

/**
 * The simulator's 企业群发 records (§5.15) and the application messages each
 * member received (§5.16). A group send is a task per member; nothing reaches a
 * customer until the member confirms it in the client (here: an admin action).
 * At confirmation each recipient gets its outcome: delivered, not a friend any
 * more, or over the receive limit (one group send per customer/group per
 * Asia/Shanghai day by default, shared by every sender).
 */

export type RecipientStatus = 0 | 1 | 2 | 3;

export interface SimRecipient {
  /** external_userid (single) or chat_id (group). */
  target: string;
  status: RecipientStatus;
  sendTime?: number;
}

export interface SimMemberTask {
  userid: string;
  /** 0 未发送, 2 已发送. */
  status: 0 | 2;
  sendTime?: number;
  recipients: SimRecipient[];
}

export interface SimGroupMsg {
  msgid: string;
  chatType: 'single' | 'group';
  createTime: number;
  createType: 0 | 1;
  creator?: string;
  text?: { content: string };
  attachments: Array<{ msgtype: string; [k: string]: unknown }>;
  /** userid → that member's task, in creation order. */
  tasks: Map<string, SimMemberTask>;
  cancelled: boolean;
  /** Unix seconds of each remind_groupmsg_send call. */
  reminders: number[];
}

export interface SimAppMessage {
  msgid: string;
  agentid: number;
  msgtype: string;
  /** The message body as sent (text/textcard/markdown/template_card object). */
  content: unknown;
  sentAt: number;
}

export class GroupSendStore {
  readonly messages = new Map<string, SimGroupMsg>();
  /** `${target}|${day}` → group sends received that day. */
  private readonly received = new Map<string, number>();
  /** userid → application messages received, oldest first. */
  readonly inbox = new Map<string, SimAppMessage[]>();
  /** Receive limit per customer/group per day (WeCom's 群发规则; the doc's versions differ, see docs). */
  dailyLimit = 1;

  constructor(private readonly state: SimState) {}

  receivedOn(target: string, day: string): number {
    return this.received.get(`${target}|${day}`) ?? 0;
  }

  /**
   * The member confirms the send in the client: each pending recipient is
   * delivered, or fails as not a friend (2) or over today's limit (3).
   */
  confirm(msg: SimGroupMsg, userid: string, nowSec: number): SimMemberTask {
    const task = msg.tasks.get(userid);
    if (!task) throw new Error(`no task for ${userid}`);
    if (task.status === 2) return task;
    const day = shanghaiDay(new Date(nowSec * 1000));
    for (const r of task.recipients) {
      if (r.status !== 0) continue;
      if (!this.stillReachable(msg.chatType, userid, r.target)) {
        r.status = 2;
        continue;
      }
      const key = `${r.target}|${day}`;
      const count = this.received.get(key) ?? 0;
      if (count >= this.dailyLimit) {
        r.status = 3;
        continue;
      }
      this.received.set(key, count + 1);
      r.status = 1;
      r.sendTime = nowSec;
    }
    task.status = 2;
    task.sendTime = nowSec;
    return task;
  }

  deliverAppMessage(userid: string, message: SimAppMessage): void {
    const list = this.inbox.get(userid) ?? [];
    list.push(message);
    this.inbox.set(userid, list);
  }

  private stillReachable(chatType: 'single' | 'group', userid: string, target: string): boolean {
    if (chatType === 'group') return this.state.groupChats.has(target);
    return this.state.findFollow(userid, target) !== undefined;
  }
}
