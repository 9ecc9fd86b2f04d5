import type { SimState } from '../state.ts';

/** One customer handed from one member to another, as WeCom keeps it for transfer_result. */
export interface SimTransfer {
  kind: 'onjob' | 'resigned';
  externalUserid: string;
  handover: string;
  takeover: string;
  /** When transfer_customer accepted it (unix seconds, simulator clock). */
  startedAt: number;
  /** 1 接替完毕, 2 等待接替, 3 客户拒绝, 4 接替成员客户达到上限. */
  status: 1 | 2 | 3 | 4;
  /** The automatic takeover time while waiting (startedAt + 24 h); 0 after a refusal. */
  takeoverTime: number;
}

/** WeCom completes a transfer 24 h after it was started unless the customer refuses. */
export const TAKEOVER_DELAY_S = 24 * 3600;
/** Each customer (and each group chat, on the job) may be transferred at most twice in 90 natural days. */
export const TRANSFER_WINDOW_S = 90 * 86_400;
export const TRANSFERS_PER_WINDOW = 2;

/**
 * The simulator's side of 在职/离职继承: its own clock (moved by the admin API so a test
 * sees the 24 h completion and the 90-day window without waiting), the members who
 * resigned, and every transfer started. Completion is applied lazily when a result or
 * list is read: the relation moves from the handover to the takeover member.
 */
export class SimTransferBook {
  private offsetS = 0;
  /** userid → dimission_time of members who left; their customers wait in get_unassigned_list. */
  readonly resigned = new Map<string, number>();
  readonly transfers: SimTransfer[] = [];
  /** Earlier transfers per customer / group chat (start times) that count toward the 90-day rule. */
  private readonly history = new Map<string, number[]>();

  /** Told of each transfer WeCom completes (the routes push WeCom's callbacks for it). */
  onComplete: (t: SimTransfer) => void = () => {};

  constructor(private readonly state: SimState) {}

  now(): number {
    return Math.floor(Date.now() / 1000) + this.offsetS;
  }

  /** Moves the simulator's transfer clock forward (never back). */
  advance(seconds: number): number {
    this.offsetS += Math.max(0, seconds);
    this.settle();
    return this.now();
  }

  /** The member leaves: out of the directory and 客户联系; their relations stay, waiting for a takeover. */
  resign(userid: string, at = this.now()): void {
    this.resigned.set(userid, at);
    this.state.users.delete(userid);
    this.state.followUsers.delete(userid);
  }

  /** Records transfers made before (e.g. in the console) so the 90-day rule applies to them. */
  recordPast(key: string, startedAt: number[]): void {
    this.history.set(key, [...(this.history.get(key) ?? []), ...startedAt]);
  }

  /** How often this customer/chat was transferred inside the 90-day window ending now. */
  recentTransfers(key: string): number {
    const since = this.now() - TRANSFER_WINDOW_S;
    const own = this.transfers.filter((t) => t.externalUserid === key && t.status !== 3 && t.startedAt > since).length;
    return own + (this.history.get(key) ?? []).filter((at) => at > since).length;
  }

  waitingFor(externalUserid: string): SimTransfer | undefined {
    this.settle();
    return this.transfers.find((t) => t.externalUserid === externalUserid && t.status === 2);
  }

  start(t: Omit<SimTransfer, 'startedAt' | 'status' | 'takeoverTime'>): SimTransfer {
    const startedAt = this.now();
    const transfer: SimTransfer = { ...t, startedAt, status: 2, takeoverTime: startedAt + TAKEOVER_DELAY_S };
    this.transfers.push(transfer);
    return transfer;
  }

  /** Completes every waiting transfer whose takeover time has come: the relation changes hands. */
  settle(): void {
    const now = this.now();
    for (const t of this.transfers) {
      if (t.status !== 2 || t.takeoverTime > now) continue;
      t.status = 1;
      const follow = this.state.findFollow(t.handover, t.externalUserid);
      this.state.removeFollow(t.handover, t.externalUserid);
      if (!this.state.findFollow(t.takeover, t.externalUserid)) {
        this.state.putFollow(t.externalUserid, {
          userid: t.takeover,
          remark: follow?.remark ?? '',
          description: follow?.description ?? '',
          createtime: t.takeoverTime,
          tagIds: follow?.tagIds ?? [],
          remark_mobiles: follow?.remark_mobiles ?? [],
          add_way: follow?.add_way ?? 0,
          oper_userid: t.takeover,
        });
      }
      this.onComplete(t);
    }
  }

  /** The customer refuses a waiting transfer: status 3, the relation stays with the handover member. */
  refuse(externalUserid: string): SimTransfer | undefined {
    const t = this.waitingFor(externalUserid);
    if (!t) return undefined;
    t.status = 3;
    t.takeoverTime = 0;
    return t;
  }
}
