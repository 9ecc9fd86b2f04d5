import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { msg } from '../../../../tests/support/archive-fixtures.ts';
import { startSimulator, type RunningSimulator, type Simulator } from '@server/simulator/index.ts';
import { wxClient, type WxTestClient } from '@server/simulator/testing.ts';
import { archiveExtension } from './extension.ts';
import type { SimArchive } from './store.ts';

describe('simulator session archive extension', () => {
  let sim: Simulator & RunningSimulator;
  let wx: WxTestClient;
  let archive: SimArchive;
  beforeAll(async () => {
    sim = await startSimulator({
      corp: { customers: 30, guides: 3, groups: 3 },
      extensions: [
        archiveExtension({
          notifyIntervalMs: 300,
          initialConversations: 40,
          initialGroupMessages: 10,
          onReady: (a) => {
            archive = a;
          },
        }),
      ],
    });
    wx = wxClient(sim);
  });
  afterAll(async () => sim.close());

  it('generates history in seq order under two key versions and serves it like GetChatData', async () => {
    expect(archive.size).toBeGreaterThan(40);
    const res = await fetch(`${sim.url}/sim/finance/getchatdata`, { method: 'POST', body: JSON.stringify({ seq: 5, limit: 10 }) });
    const body = (await res.json()) as { errcode: number; chatdata: Array<{ seq: number; publickey_ver: number }> };
    expect(body.errcode).toBe(0);
    expect(body.chatdata.map((c) => c.seq)).toEqual([6, 7, 8, 9, 10, 11, 12, 13, 14, 15]);
    const all = archive.after(0, 1000);
    expect(new Set(all.map((c) => c.publickey_ver))).toEqual(new Set([1, 2]));
    expect(
      await (await fetch(`${sim.url}/sim/finance/getchatdata`, { method: 'POST', body: JSON.stringify({ seq: 0, limit: 1001 }) })).json(),
    ).toMatchObject({ errcode: 10000 });
  });

  it('coalesces msgaudit_notify to at most one per interval, only when something is new', async () => {
    const notifies = () => sim.callbacks.recent().filter((r) => r.event === 'msgaudit_notify').length;
    await new Promise((r) => setTimeout(r, 400));
    const before = notifies();
    const t = new Date('2026-11-20T02:00:00Z');
    archive.append([msg.text('n-1', 'wmX', 'u1', t, 'a')]);
    archive.append([msg.text('n-2', 'wmX', 'u1', t, 'b')]);
    archive.append([msg.text('n-3', 'wmX', 'u1', t, 'c')]);
    await new Promise((r) => setTimeout(r, 100));
    expect(notifies()).toBe(before + 1);
    archive.append([msg.text('n-4', 'wmX', 'u1', t, 'd')]);
    await new Promise((r) => setTimeout(r, 100));
    expect(notifies()).toBe(before + 1);
    await new Promise((r) => setTimeout(r, 350));
    expect(notifies()).toBe(before + 2);
    await new Promise((r) => setTimeout(r, 400));
    expect(notifies()).toBe(before + 2);
  });

  it('answers check_single_agree, check_room_agree, get_permit_user_list and msgaudit groupchat/get', async () => {
    const room = [...sim.state.groupChats.values()][0];
    if (!room) throw new Error('no group');
    const t = new Date('2026-11-20T03:00:00Z');
    archive.append([
      msg.agree('ag-1', 'wmAgree', 'u1', t),
      { ...msg.agree('ag-2', 'wmRoomA', room.chat_id, t), tolist: [room.owner], roomid: room.chat_id },
    ]);
    const single = await wx.post('/cgi-bin/msgaudit/check_single_agree', {
      info: [
        { userid: 'u1', exteranalopenid: 'wmAgree' },
        { userid: 'u1', exteranalopenid: 'wmNobody' },
      ],
    });
    expect(single.json).toMatchObject({
      errcode: 0,
      agreeinfo: [{ userid: 'u1', exteranalopenid: 'wmAgree', agree_status: 'Agree', status_change_time: Math.floor(t.getTime() / 1000) }],
    });
    expect((single.json.agreeinfo as unknown[]).length).toBe(1);
    const roomAgree = await wx.post('/cgi-bin/msgaudit/check_room_agree', { roomid: room.chat_id });
    expect(roomAgree.json).toMatchObject({ errcode: 0, agreeinfo: [{ exteranalopenid: 'wmRoomA', agree_status: 'Agree' }] });
    const permit = await wx.post('/cgi-bin/msgaudit/get_permit_user_list', {});
    expect((permit.json.ids as string[]).length).toBe(sim.state.followUsers.size);
    const group = await wx.post('/cgi-bin/msgaudit/groupchat/get', { roomid: room.chat_id });
    expect(group.json).toMatchObject({ errcode: 0, roomname: room.name, creator: room.owner });
    expect((await wx.post('/cgi-bin/msgaudit/check_room_agree', { roomid: 'wrNope' })).json.errcode).toBe(40050);
    expect((await wx.post('/cgi-bin/msgaudit/check_single_agree', { info: [] })).json.errcode).toBe(40058);
  });
});
