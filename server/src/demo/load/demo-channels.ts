import type { ChannelGroup, ChannelWelcome } from '@shared/api/channels.ts';
import type { AppDeps } from '@server/context.ts';
import { bulkInsert, fromDbTime, marks, select, text } from '@server/db/sql.ts';
import { ChannelEntity, type Channel } from '@server/entities/Channel.ts';
import { ChannelGuideEntity } from '@server/entities/ChannelGuide.ts';
import { createContactWay } from '@server/features/channels/contact-way-sync.ts';
import { cannotTakeReason } from '@server/features/channels/guide-facts.ts';
import { pickGuides } from '@server/features/channels/rotation.ts';
import { wecomClientFor } from '@server/wecom/client.ts';

/**
 * The channels behind the `state` values the demo corp's relations carry (`store_qr_3` = the
 * store-3 counter card): what each prefix is, its channel group, the 来源渠道 tag it applies
 * and its welcome text.
 */
const KINDS: Record<string, { label: string; group: ChannelGroup; tag: string; welcome: string }> = {
  store_qr: {
    label: '门店台卡',
    group: 'store',
    tag: '门店扫码',
    welcome: '{客户昵称}您好，我是{门店}的{导购姓名}，到店出示此消息可领小样一份～',
  },
  mp_mall: {
    label: '小程序商城',
    group: 'ads',
    tag: '小程序商城',
    welcome: '{客户昵称}您好，我是您的专属顾问{导购姓名}，商城订单有任何问题都可以找我～',
  },
  live_room: {
    label: '直播间',
    group: 'live',
    tag: '直播间',
    welcome: '{客户昵称}您好，感谢来看直播！我是{导购姓名}，直播福利和发货问题随时问我～',
  },
  referral: {
    label: '老客推荐',
    group: 'other',
    tag: '朋友推荐',
    welcome: '{客户昵称}您好，欢迎朋友推荐来的新朋友，我是{门店}的{导购姓名}～',
  },
  group_event: {
    label: '社群活动',
    group: 'event',
    tag: '社群活动',
    welcome: '{客户昵称}您好，我是{导购姓名}，活动福利已为您预留，回复「福利」领取～',
  },
  popup_store: {
    label: '快闪店',
    group: 'event',
    tag: '快闪店',
    welcome: '{客户昵称}您好，感谢光临快闪店！我是{导购姓名}，新品试用装随时为您留～',
  },
};
const STATE = /^([a-z_]+)_(\d+)$/;
/** Guides listed on one demo code at most (the busiest of the store). */
const MAX_GUIDES = 4;

interface StateGuide {
  state: string;
  staffId: number;
  userid: string;
  departmentId: number | null;
  department: string | null;
  status: number;
  followUser: boolean;
  follows: number;
}

/** The demo's channel keys (what an earlier run of this part created). */
async function demoStates(deps: AppDeps): Promise<string[]> {
  const rows = await select<{ state: string }>(deps.ds, 'SELECT DISTINCT state FROM customer_follow WHERE state IS NOT NULL');
  return rows
    .map((r) => r.state)
    .filter((s) => {
      const m = STATE.exec(s);
      return !!m && m[1]! in KINDS;
    });
}

/** Removes what an interrupted run wrote: the demo channels (and their WeCom codes), their guides and adds. */
async function clearDemoChannels(deps: AppDeps, states: string[]): Promise<void> {
  if (states.length === 0) return;
  const { ds } = deps;
  const old = await select<{ id: number; config_id: string | null }>(
    ds,
    `SELECT id, config_id FROM channel WHERE state_key IN (${marks(states.length)})`,
    states,
  );
  const api = wecomClientFor(deps);
  for (const c of old) if (c.config_id) await api.delContactWay(c.config_id).catch(() => undefined);
  const ids = old.map((c) => Number(c.id));
  if (ids.length === 0) return;
  await ds.transaction(async (m) => {
    await m.query(`DELETE FROM channel_add WHERE channel_id IN (${marks(ids.length)})`, ids);
    await m.query(`DELETE FROM channel_guide WHERE channel_id IN (${marks(ids.length)})`, ids);
    await m.query(`DELETE FROM channel WHERE id IN (${marks(ids.length)})`, ids);
  });
}

/**
 * Named channel codes for the `state` values the demo corp's relations already carry, with
 * their history: one WeCom 「联系我」 code per state (in the simulator, so the QR shows and a
 * scan works), the store's busiest guides in rotation, the matching 来源渠道 tag and a welcome,
 * and one `channel_add` per relation added through it (at the relation's add time; most
 * welcomes sent, a few missed the window) — so the channel report shows the demo's real
 * relations, orders, replies and losses per channel.
 */
export async function seedDemoChannels(deps: AppDeps, onCode: () => void = () => undefined): Promise<Record<string, number>> {
  const { ds } = deps;
  const states = await demoStates(deps);
  await clearDemoChannels(deps, states);
  if (states.length === 0) return { channels: 0, adds: 0 };

  const guides = await select<Record<string, unknown>>(
    ds,
    `SELECT f.state, s.id AS staff_id, s.userid, s.main_department_id, d.name AS department, s.status, s.is_follow_user, COUNT(*) AS follows
       FROM customer_follow f JOIN staff s ON s.id = f.staff_id LEFT JOIN department d ON d.id = s.main_department_id
      WHERE f.state IN (${marks(states.length)})
      GROUP BY f.state, s.id, s.userid, s.main_department_id, d.name, s.status, s.is_follow_user`,
    states,
  );
  const byState = new Map<string, StateGuide[]>();
  for (const r of guides) {
    const g: StateGuide = {
      state: text(r.state),
      staffId: Number(r.staff_id),
      userid: text(r.userid),
      departmentId: r.main_department_id == null ? null : Number(r.main_department_id),
      department: r.department == null ? null : text(r.department),
      status: Number(r.status),
      followUser: r.is_follow_user === true || Number(r.is_follow_user) === 1,
      follows: Number(r.follows),
    };
    byState.set(g.state, [...(byState.get(g.state) ?? []), g]);
  }
  const tags = await select<{ id: string; name: string }>(
    ds,
    `SELECT t.id, t.name FROM tag t JOIN tag_group g ON g.id = t.group_id WHERE t.deleted = 0 AND g.name = '来源渠道'`,
  );
  const tagByName = new Map(tags.map((t) => [t.name, t.id]));

  const api = wecomClientFor(deps);
  const repo = ds.getRepository(ChannelEntity);
  let channels = 0;
  for (const state of [...byState.keys()].sort()) {
    const kind = KINDS[STATE.exec(state)![1]!]!;
    const staff = (byState.get(state) ?? []).sort((a, b) => b.follows - a.follows || a.staffId - b.staffId).slice(0, MAX_GUIDES);
    const home = staff[0]!;
    const tagId = tagByName.get(kind.tag);
    const welcome: ChannelWelcome = { text: kind.welcome, attachments: [] };
    const draft: Omit<Channel, 'id' | 'createdAt' | 'updatedAt'> = {
      name: `${kind.label}·${home.department ?? '总部'}`,
      channelGroup: kind.group,
      stateKey: state,
      departmentId: home.departmentId,
      rotation: 'round_robin',
      dailyCap: null,
      skipVerify: true,
      tagIds: tagId ? [tagId] : [],
      welcome,
      expiresAt: null,
      configId: null,
      qrCode: null,
      currentUserids: [],
      rrCursor: 0,
      createdBy: null,
      deletedAt: null,
    };
    const rotation = staff.map((g) => ({ userid: g.userid, canTake: cannotTakeReason(g.status, g.followUser) === null, addsToday: 0 }));
    const pick = pickGuides(rotation, 'round_robin', 0, null);
    // A store whose guides all left keeps its history; its code is not made again.
    const way =
      pick.userids.length > 0
        ? await createContactWay(api, { ...draft, id: 0, createdAt: new Date(), updatedAt: new Date() }, pick.userids)
        : null;
    await ds.transaction(async (m) => {
      const saved = await m.getRepository(ChannelEntity).save({
        ...draft,
        configId: way?.configId ?? null,
        qrCode: way?.qrCode ?? null,
        currentUserids: pick.userids,
      });
      await m.getRepository(ChannelGuideEntity).insert(staff.map((g, position) => ({ channelId: saved.id, staffId: g.staffId, position })));
    });
    channels++;
    onCode();
  }

  // The adds: every relation made through a demo code, at its add time.
  const ids = await repo.find({ select: { id: true, stateKey: true } });
  const channelOf = new Map(ids.map((c) => [c.stateKey, c.id]));
  const follows = await select<Record<string, unknown>>(
    ds,
    `SELECT f.id, f.state, f.customer_id, f.staff_id, f.added_at, c.external_userid, s.userid
       FROM customer_follow f JOIN customer c ON c.id = f.customer_id JOIN staff s ON s.id = f.staff_id
      WHERE f.state IN (${marks(states.length)})`,
    states,
  );
  const rows = follows.flatMap((f) => {
    const channelId = channelOf.get(String(f.state));
    if (channelId === undefined) return [];
    const id = Number(f.id);
    // About one welcome in 17 missed: the customer wrote first, as happens in a real shop.
    const missed = id % 17 === 0;
    return [
      [
        channelId,
        Number(f.customer_id),
        Number(f.staff_id),
        String(f.external_userid),
        String(f.userid),
        fromDbTime(f.added_at) ?? new Date(),
        missed ? 'window_missed' : 'sent',
        missed ? 'errcode 41051' : null,
        300 + ((id * 37) % 1400),
        true,
        `demo-ch:${id}`,
      ],
    ];
  });
  await bulkInsert(
    ds,
    'channel_add',
    [
      'channel_id',
      'customer_id',
      'staff_id',
      'external_userid',
      'userid',
      'added_at',
      'welcome_status',
      'welcome_error',
      'welcome_ms',
      'tags_applied',
      'dedupe_key',
    ],
    rows,
  );
  return { channels, adds: rows.length };
}
