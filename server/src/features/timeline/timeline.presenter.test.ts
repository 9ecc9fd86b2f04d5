import { describe, expect, it } from 'vitest';
import type { TimelineDetail } from '@shared/api/timeline.ts';
import type { InteractionType } from '@shared/enums.ts';
import { interactionPayloadSchema, type InteractionPayload } from '@shared/timeline/payloads.ts';
import { presentTimelineItem, tagIdsOf, type TimelineLookups } from './timeline.presenter.ts';

const lookups: TimelineLookups = {
  tagNames: new Map([
    ['tag_vip', 'VIP'],
    ['tag_new', '新客'],
  ]),
  groupNames: new Map([[7, '张姐粉丝群']]),
  channelNames: new Map([['ch_parcel', '包裹卡·双十二']]),
};

function present(type: InteractionType, payload: unknown, groupId: number | null = null) {
  return presentTimelineItem(
    { id: 1, type, occurredAt: new Date('2026-03-01T02:00:00Z'), source: 'sync', staffId: 3, staffName: '王导购', groupId, payload },
    lookups,
  );
}

/** One payload as today's writers store it, with the summary and display fields it must produce. */
type Case<T extends InteractionType> = { payload: InteractionPayload<T>; groupId?: number; summary: string; detail: TimelineDetail };

const CASES: { [T in InteractionType]: Case<T> } = {
  message_in: { payload: { msgid: 'm1', msgtype: 'text', text: '在吗' }, summary: '客户：在吗', detail: { text: '在吗', msgtype: 'text' } },
  message_out: { payload: { msgid: 'm2', msgtype: 'image' }, summary: '王导购：[image]', detail: { msgtype: 'image' } },
  group_message: {
    payload: { msgid: 'm3', msgtype: 'text', text: '大家好', roomid: 'wr1', from: 'wm1', flags: ['返现'] },
    groupId: 7,
    summary: '在群「张姐粉丝群」发言：大家好',
    detail: { text: '大家好', msgtype: 'text', groupId: 7, groupName: '张姐粉丝群' },
  },
  friend_added: {
    payload: { userid: 'g1', externalUserid: 'wm1', addWay: 1, state: null, restored: false },
    summary: '添加了导购 王导购（扫描二维码）',
    detail: { addWayLabel: '扫描二维码' },
  },
  friend_lost: {
    payload: { reason: 'customer_deleted_staff', userid: 'g1', externalUserid: 'wm1', deletedBy: 'customer', transfer: false },
    summary: '与 王导购 的好友关系解除（客户删除了导购）',
    detail: { lostReasonLabel: '客户删除了导购' },
  },
  tag_added: {
    payload: { tagIds: ['tag_vip', 'tag_new'], userid: 'g1' },
    summary: '王导购 添加标签：VIP、新客',
    detail: { tagNames: ['VIP', '新客'] },
  },
  tag_removed: {
    payload: { tagIds: ['tag_gone'], tagNames: ['旧标签'] },
    summary: '王导购 移除标签：旧标签',
    detail: { tagNames: ['旧标签'] },
  },
  note: {
    payload: { content: '周六到店', followUpId: 5, remindAt: '2026-03-07T02:00:00.000Z' },
    summary: '王导购 记录跟进：周六到店',
    detail: { content: '周六到店', followUpId: 5, remindAt: '2026-03-07T02:00:00.000Z' },
  },
  follow_up_done: {
    payload: { content: '已回访', followUpId: 5 },
    summary: '王导购 完成跟进：已回访',
    detail: { content: '已回访', followUpId: 5 },
  },
  script_sent: {
    payload: { scriptId: 9, scriptTitle: '新客欢迎语', scriptType: 'text', text: '欢迎～' },
    summary: '王导购 发送话术「新客欢迎语」',
    detail: { scriptId: 9, scriptTitle: '新客欢迎语', scriptType: 'text', text: '欢迎～' },
  },
  remark_changed: {
    payload: { remark: '张姐', description: '', previousRemark: null, userid: 'g1' },
    summary: '王导购 修改备注为「张姐」',
    detail: { remark: '张姐', description: null },
  },
  order_paid: {
    payload: { orderId: 1, orderNo: 'A100', source: 'shop', paidAmount: 12900 },
    summary: '下单 ¥129.00（订单 A100）',
    detail: { orderNo: 'A100', amount: 12900 },
  },
  order_refunded: {
    payload: { orderId: 1, orderNo: 'A100', source: 'shop', refundedAmount: 2900, status: 'partially_refunded' },
    summary: '退款 ¥29.00（订单 A100）',
    detail: { orderNo: 'A100', amount: 2900 },
  },
  group_join: {
    payload: { chatId: 'wr1', userid: 'wm1', memberType: 2, joinScene: 1 },
    groupId: 7,
    summary: '加入客户群「张姐粉丝群」',
    detail: { groupId: 7, groupName: '张姐粉丝群' },
  },
  group_leave: { payload: { chatId: null, userid: 'wm1', memberType: 2 }, summary: '退出客户群「客户群」', detail: {} },
  segment_changed: {
    payload: { from: 'prospect', to: 'champion', fromLabel: '潜在客户', toLabel: '重要价值客户', runId: 3 },
    summary: '客户分层：潜在客户 → 重要价值客户',
    detail: { fromSegment: '潜在客户', toSegment: '重要价值客户' },
  },
  transferred: {
    payload: { kind: 'resigned', fromUserid: 'g9', fromName: '张雅', toUserid: 'g1', toName: '王导购', jobId: 4 },
    summary: '由 张雅 转交给 王导购',
    detail: { fromName: '张雅', toName: '王导购' },
  },
  profile_updated: {
    payload: {
      changes: [
        { label: '肤质困扰', value: '痘痘、暗沉', previous: null },
        { label: '会员号', value: null, previous: 'M001' },
      ],
    },
    summary: '王导购 更新资料：肤质困扰：痘痘、暗沉；清空会员号',
    detail: {
      changes: [
        { label: '肤质困扰', value: '痘痘、暗沉', previous: null },
        { label: '会员号', value: null, previous: 'M001' },
      ],
    },
  },
};

describe('timeline presenter', () => {
  it.each(Object.entries(CASES))('presents %s from its schema fields', (type, c) => {
    expect(interactionPayloadSchema.safeParse({ type, payload: c.payload }).success).toBe(true);
    const item = present(type as InteractionType, c.payload, c.groupId ?? null);
    expect(item.summary).toBe(c.summary);
    expect(item.detail).toEqual(c.detail);
  });

  it('still reads rows stored with the older field spellings', () => {
    expect(present('tag_added', { tag_id: 'tag_vip', tag_name: '', group_name: '会员' }).detail).toEqual({ tagNames: ['VIP'] });
    expect(present('tag_added', { tagId: 'tag_new' }).summary).toBe('王导购 添加标签：新客');
    expect(present('tag_removed', { tag_ids: ['tag_vip'], tag_names: ['老VIP'] }).detail).toEqual({ tagNames: ['老VIP'] });
    expect(tagIdsOf({ type: 'tag_added', payload: { tag_id: 'tag_vip' } })).toEqual(['tag_vip']);
    expect(tagIdsOf({ type: 'note', payload: { tagIds: ['tag_vip'] } })).toEqual([]);
    expect(present('message_in', { msgtype: 'text', content: '旧消息' }).detail).toEqual({ text: '旧消息', msgtype: 'text' });
    expect(present('order_paid', { order_no: 'A1', paid_amount: '12900' }).summary).toBe('下单 ¥129.00（订单 A1）');
    expect(present('order_refunded', { orderNo: 'A1', amount: 500 }).detail).toEqual({ orderNo: 'A1', amount: 500 });
    expect(present('script_sent', { title: '生日祝福', script_type: 'text' }).detail).toEqual({
      scriptTitle: '生日祝福',
      scriptType: 'text',
    });
    expect(present('friend_added', { add_way: 1, oper_userid: 'g1' }).detail).toEqual({ addWayLabel: '扫描二维码' });
    // Through a channel code: the channel's name, never its key; an unknown key shows nothing.
    const viaChannel = present('friend_added', { userid: 'g1', externalUserid: 'wm1', addWay: 1, state: 'ch_parcel', restored: false });
    expect(viaChannel.detail).toEqual({ addWayLabel: '扫描二维码', channelName: '包裹卡·双十二' });
    expect(viaChannel.summary).toBe('添加了导购 王导购（扫描二维码 · 渠道「包裹卡·双十二」）');
    expect(present('friend_added', { userid: 'g1', externalUserid: 'wm1', addWay: 1, state: 'store_qr_1', restored: false }).summary).toBe(
      '添加了导购 王导购（扫描二维码）',
    );
    expect(present('friend_lost', { lost_reason: 'unseen_in_sync' }).detail).toEqual({ lostReasonLabel: '同步时未找到该关系' });
    expect(present('segment_changed', { from: 'prospect', to: 'champion' }).summary).toBe('客户分层：未购买 → 重要价值客户');
  });

  it('shows what it can of a malformed payload instead of failing', () => {
    expect(present('order_paid', { orderNo: 42, paidAmount: 'lots' }).summary).toBe('下单');
    expect(present('message_in', 'not an object').summary).toBe('客户：[text]');
    expect(present('tag_added', null).detail).toEqual({ tagNames: [] });
  });
});
