import QRCode from 'qrcode';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSimulator, type RunningSimulator, type Simulator } from '@server/simulator/index.ts';
import { WecomClient } from './client.ts';
import { isWecomApiError } from './errors.ts';
import { httpFor } from './http.ts';

/** A real PNG (a QR code) to upload as an image. */
const png = () => QRCode.toBuffer('daogou', { type: 'png', width: 64 });

async function errcodeOf(p: Promise<unknown>): Promise<number | undefined> {
  const err = await p.then(
    () => undefined,
    (e: unknown) => e,
  );
  return isWecomApiError(err) ? err.errcode : undefined;
}

async function admin<T>(sim: Simulator & RunningSimulator, path: string, body?: unknown): Promise<T> {
  const http = httpFor(sim.url);
  const res =
    body === undefined
      ? await http.get<string>(`${sim.url}/sim/admin${path}`)
      : await http.post<string>(`${sim.url}/sim/admin${path}`, JSON.stringify(body), { headers: { 'content-type': 'application/json' } });
  if (res.status !== 200) throw new Error(`${path}: HTTP ${res.status} ${String(res.data)}`);
  return JSON.parse(typeof res.data === 'string' ? res.data : JSON.stringify(res.data)) as T;
}

/**
 * The acquisition APIs (「联系我」, welcome messages, group welcome templates,
 * join ways, media) through the client against the simulator over a real
 * socket: WeCom's shapes both ways and its errcodes.
 */
describe('acquisition APIs against the WeCom simulator', () => {
  let sim: Simulator & RunningSimulator;
  let client: WecomClient;
  let guides: string[];

  beforeAll(async () => {
    sim = await startSimulator({ corp: { customers: 20, guides: 3, groups: 3, ordersPerCustomer: 0 } });
    client = new WecomClient({ apiBase: sim.url, corpId: sim.corp.corpId, secret: sim.corp.secret, retry: { maxAttempts: 1 } });
    guides = [...sim.state.followUsers];
  });
  afterAll(async () => sim?.close());

  it('creates, reads, lists, updates and deletes a multi-member QR contact way', async () => {
    const [a, b, c] = guides;
    const created = await client.addContactWay({
      type: 2,
      scene: 2,
      state: 'ch_test01',
      user: [a!, b!],
      skip_verify: true,
      remark: '门店',
    });
    expect(created.configId).toMatch(/^[0-9a-f]{32}$/);
    expect(created.qrCode).toBe(`${sim.url}/sim/qr/${created.configId}.png`);
    const image = await httpFor(sim.url).get<ArrayBuffer>(created.qrCode!, { responseType: 'arraybuffer' });
    expect(Buffer.from(image.data).subarray(1, 4).toString()).toBe('PNG');

    const way = await client.getContactWay(created.configId);
    expect(way).toMatchObject({ config_id: created.configId, type: 2, scene: 2, state: 'ch_test01', user: [a, b], skip_verify: true });
    expect(way.style).toBeUndefined();
    expect(await client.listContactWayIds()).toContain(created.configId);

    await client.updateContactWay({ config_id: created.configId, user: [c!] });
    expect((await client.getContactWay(created.configId)).user).toEqual([c]);
    await client.delContactWay(created.configId);
    expect(await errcodeOf(client.getContactWay(created.configId))).toBe(41044);
  });

  it("answers WeCom's errcodes for bad contact ways", async () => {
    const [a, b] = guides;
    expect(await errcodeOf(client.addContactWay({ scene: 2, user: [a!] }))).toBe(41037);
    expect(await errcodeOf(client.addContactWay({ type: 1, user: [a!] }))).toBe(41038);
    expect(await errcodeOf(client.addContactWay({ type: 3, scene: 2, user: [a!] }))).toBe(41039);
    expect(await errcodeOf(client.addContactWay({ type: 1, scene: 2, user: [a!, b!] }))).toBe(40058);
    expect(await errcodeOf(client.addContactWay({ type: 1, scene: 2, user: ['nobody'] }))).toBe(40003);
    expect(await errcodeOf(client.addContactWay({ type: 1, scene: 2, user: [a!], state: 'x'.repeat(31) }))).toBe(40058);
    // A member without 客户联系 cannot be on a contact way.
    const noContact = [...sim.state.users.keys()].find((u) => !sim.state.followUsers.has(u))!;
    expect(await errcodeOf(client.addContactWay({ type: 2, scene: 2, user: [a!, noContact] }))).toBe(84074);
  });

  it('scanning a code pushes the add with State and a WelcomeCode that works once within 20 s (41051 after)', async () => {
    const [a] = guides;
    const { configId } = await client.addContactWay({ type: 1, scene: 2, state: 'ch_scan', user: [a!] });
    const scan = await admin<{
      result: { external_userid: string; welcome_code: string };
      callbacks: Array<{ changeType: string; fields: Array<[string, string]> }>;
    }>(sim, '/contact-way/scan', { config_id: configId });
    const fields = Object.fromEntries(scan.callbacks[0]!.fields);
    expect(scan.callbacks[0]!.changeType).toBe('add_external_contact');
    expect(fields).toMatchObject({
      UserID: a,
      ExternalUserID: scan.result.external_userid,
      State: 'ch_scan',
      WelcomeCode: scan.result.welcome_code,
    });

    const media = await client.uploadMedia('image', { filename: 'card.png', contentType: 'image/png', data: await png() });
    expect(media.type).toBe('image');
    expect(Number.isInteger(media.created_at)).toBe(true);
    await client.sendWelcomeMsg({
      welcome_code: scan.result.welcome_code,
      text: { content: '你好' },
      attachments: [
        { msgtype: 'image', image: { media_id: media.media_id } },
        { msgtype: 'link', link: { title: '新品', url: 'https://example.com/a' } },
      ],
    });
    const sent = await admin<{ sent: Array<{ text: string; attachments: unknown[] }> }>(
      sim,
      `/welcome/sent?external_userid=${scan.result.external_userid}`,
    );
    expect(sent.sent).toEqual([expect.objectContaining({ text: '你好', attachments: [expect.anything(), expect.anything()] })]);
    // Single use.
    expect(await errcodeOf(client.sendWelcomeMsg({ welcome_code: scan.result.welcome_code, text: { content: 'again' } }))).toBe(41051);

    const late = await admin<{ result: { welcome_code: string } }>(sim, '/contact-way/scan', { config_id: configId });
    await admin(sim, '/acquisition/clock', { advance_seconds: 21 });
    expect(await errcodeOf(client.sendWelcomeMsg({ welcome_code: late.result.welcome_code, text: { content: 'late' } }))).toBe(41051);
    expect(await errcodeOf(client.sendWelcomeMsg({ welcome_code: 'nope', text: { content: 'x' } }))).toBe(41050);
  });

  it('checks welcome attachments: ≤ 9, live media ids, uploadimg URLs', async () => {
    const [a] = guides;
    const { configId } = await client.addContactWay({ type: 1, scene: 2, user: [a!] });
    const code = async () =>
      (await admin<{ result: { welcome_code: string } }>(sim, '/contact-way/scan', { config_id: configId })).result.welcome_code;
    const link = { msgtype: 'link' as const, link: { title: 't', url: 'https://example.com' } };
    expect(
      await errcodeOf(client.sendWelcomeMsg({ welcome_code: await code(), attachments: Array.from({ length: 10 }, () => link) })),
    ).toBe(41064);
    expect(
      await errcodeOf(
        client.sendWelcomeMsg({ welcome_code: await code(), attachments: [{ msgtype: 'image', image: { media_id: 'gone' } }] }),
      ),
    ).toBe(40007);
    const url = await client.uploadImage({ filename: 'a.png', contentType: 'image/png', data: await png() });
    await client.sendWelcomeMsg({ welcome_code: await code(), attachments: [{ msgtype: 'image', image: { pic_url: url } }] });

    // A media id expires after 3 days.
    const media = await client.uploadMedia('image', { filename: 'b.png', contentType: 'image/png', data: await png() });
    await admin(sim, '/acquisition/clock', { advance_seconds: 3 * 86_400 + 1 });
    expect(
      await errcodeOf(
        client.sendWelcomeMsg({ welcome_code: await code(), attachments: [{ msgtype: 'image', image: { media_id: media.media_id } }] }),
      ),
    ).toBe(40007);
    expect(
      await errcodeOf(client.uploadMedia('image', { filename: 'c.txt', contentType: 'text/plain', data: Buffer.from('not an image') })),
    ).toBe(40123);
  });

  it('keeps group welcome templates and join ways, and attributes a join by state', async () => {
    const templateId = await client.addGroupWelcomeTemplate({
      text: { content: '欢迎%NICKNAME%' },
      link: { title: '群规', url: 'https://example.com/r' },
      notify: 0,
    });
    expect(await client.getGroupWelcomeTemplate(templateId)).toMatchObject({
      text: { content: '欢迎%NICKNAME%' },
      link: { title: '群规' },
    });
    await client.editGroupWelcomeTemplate({ template_id: templateId, text: { content: '新欢迎' } });
    expect((await client.getGroupWelcomeTemplate(templateId)).text).toEqual({ content: '新欢迎' });
    await client.delGroupWelcomeTemplate(templateId);
    expect(await errcodeOf(client.getGroupWelcomeTemplate(templateId))).toBe(41058);

    const chats = [...sim.state.groupChats.keys()];
    expect(await errcodeOf(client.addJoinWay({ scene: 2, chat_id_list: [...chats, ...chats] }))).toBe(40058);
    const configId = await client.addJoinWay({ scene: 2, chat_id_list: chats.slice(0, 2), state: 'grp_live', remark: 'x'.repeat(40) });
    const way = await client.getJoinWay(configId);
    expect(way).toMatchObject({ config_id: configId, scene: 2, state: 'grp_live', chat_id_list: chats.slice(0, 2), auto_create_room: 1 });
    expect(way.remark).toHaveLength(30);
    expect(way.qr_code).toBe(`${sim.url}/sim/qr/${configId}.png`);
    const customer = [...sim.state.customers.keys()].find(
      (id) => !sim.state.groupChats.get(chats[0]!)!.member_list.some((m) => m.userid === id),
    )!;
    const joined = await admin<{ chat_id: string; callbacks: Array<{ fields: Array<[string, unknown]> }> }>(sim, '/join-way/join', {
      config_id: configId,
      external_userid: customer,
    });
    expect(Object.fromEntries(joined.callbacks[0]!.fields)).toMatchObject({
      UpdateDetail: 'add_member',
      JoinScene: 3,
      MemChangeList: [customer],
    });
    const chat = await client.getGroupChat(joined.chat_id);
    expect(chat.member_list.find((m) => m.userid === customer)?.state).toBe('grp_live');
    await client.updateJoinWay({ config_id: configId, scene: 2, chat_id_list: chats.slice(0, 1) });
    expect((await client.getJoinWay(configId)).chat_id_list).toEqual(chats.slice(0, 1));
    await client.delJoinWay(configId);
    expect(await errcodeOf(client.getJoinWay(configId))).toBe(41044);
  });
});
