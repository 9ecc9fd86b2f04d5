import type { TransferItemDto, TransferItemState, TransferJobDto } from '@shared/api/transfer.ts';

/** WeCom's errcodes a transfer can meet, in the words a manager needs (wecom-api.md §3, §5.17; docs/transfer.md). */
export const TRANSFER_ERRCODE_LABELS: Readonly<Record<number, string>> = {
  40003: '接替成员不存在',
  40096: '客户不存在或不在应用可见范围内',
  40097: '原跟进人尚未离职，请使用在职转接',
  40098: '接替成员尚未实名认证',
  40099: '接替成员的客户数已达上限',
  40128: '客户转接过于频繁：90 天内每位客户最多转接 2 次，请稍后重试',
  40129: '客户正在另一次转接中',
  40130: '原跟进人与接替成员相同',
  40131: '原跟进人已不是该客户的跟进人',
  84061: '原跟进人与客户已不是好友',
  84074: '接替成员没有客户联系权限，请先在企业微信后台开启',
  90500: '群主并未离职',
  90501: '该群不是客户群',
  90502: '群主已离职，请使用离职继承',
  90503: '群已满人，需群主在客户端确认',
  90504: '群主没有变化',
  90507: '该群正在离职继承中',
  90508: '该群已完成离职继承',
};

const REASON_LABELS: Readonly<Record<string, string>> = {
  customer_refused: '客户拒绝了转接',
  customer_limit_exceed: '接替成员的客户数已达上限',
};

export const STATE_LABELS: Record<TransferItemState, string> = {
  queued: '排队中',
  calling: '提交中',
  waiting: '等待接替',
  transferred: '已转接',
  failed: '失败',
};

/** The Chinese reason of a failed item: the customer's refusal, or WeCom's errcode. */
export function failureReason(errcode: number | null, reason: string | null): string | null {
  if (reason) return REASON_LABELS[reason] ?? reason;
  if (errcode === null) return null;
  return TRANSFER_ERRCODE_LABELS[errcode] ?? `企业微信返回错误 ${errcode}`;
}

export function presentItem(r: {
  id: number;
  target: 'customer' | 'group';
  name: string;
  customerId: number | null;
  takeoverStaffId: number;
  takeoverName: string;
  state: TransferItemState;
  errcode: number | null;
  reason: string | null;
  takeoverAt: Date | null;
}): TransferItemDto {
  return {
    id: r.id,
    target: r.target,
    name: r.name,
    customerId: r.customerId,
    takeover: { staffId: r.takeoverStaffId, name: r.takeoverName },
    state: r.state,
    stateLabel: STATE_LABELS[r.state],
    reason: r.state === 'failed' ? failureReason(r.errcode, r.reason) : null,
    errcode: r.errcode,
    takeoverAt: r.takeoverAt?.toISOString() ?? null,
  };
}

export const KIND_LABELS = { onjob: '在职转接', resigned: '离职继承' } as const;
export const JOB_STATUS_LABELS = { sending: '提交中', waiting: '等待客户接替（24 小时内自动完成）', finished: '已完成' } as const;

export type JobCore = Omit<TransferJobDto, 'kindLabel' | 'statusLabel'>;
export function presentJob(j: JobCore): TransferJobDto {
  return { ...j, kindLabel: KIND_LABELS[j.kind], statusLabel: JOB_STATUS_LABELS[j.status] };
}
