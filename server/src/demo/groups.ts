/**
 * Customer group chats (客户群): each owned by a guide, with a few colleagues
 * and mostly that store's customers, plus a handful of members who are not
 * anyone's contact (they joined through a friend's invitation link).
 */
import { BRAND } from './catalog.ts';
import { demoCustomer } from './customers.ts';
import { directoryLayout } from './directory.ts';
import { DAY_S, unix } from './options.ts';
import { rngFor } from './random.ts';
import type { DemoGroupChat, DemoOptions } from './types.ts';

const THEMES = ['VIP福利群', '新品体验官', '护肤交流群', '会员专享群', '宝妈美妆群', '直播福利群', '闺蜜团购群', '敏感肌互助群'];
const NOTICES = [
  '欢迎加入木棉集大家庭🌸 每周三晚8点群内秒杀，请勿发广告哦～',
  '本群为会员专属福利群，新品试用、到店护理预约请@群主',
  '文明交流，拒绝广告。售后问题请私聊专属顾问～',
  '每月1号会员日，全场满299减50，记得来群里领券！',
];
const GROUP_NICK_SUFFIX = ['', '', '', '-上海', '-老客', '(宝妈)', '-学生党'];

/** Every demo group chat (WeCom groupchat/get shapes), in creation order. */
export function demoGroupChats(o: DemoOptions): DemoGroupChat[] {
  const layout = directoryLayout(o);
  const now = unix(o.now);
  const chats: DemoGroupChat[] = [];
  for (let g = 0; g < o.groups; g++) {
    const r = rngFor(o.seed, 'group', g);
    const ownerIndex = g % layout.guides.length;
    const owner = layout.guides[ownerIndex]!;
    const store = layout.guideStore[ownerIndex]!;
    const storeName = layout.directory.departments.find((d) => d.id === store)?.name ?? '';
    const colleagues = layout.guides.filter((s, i) => layout.guideStore[i] === store && s.userid !== owner.userid);
    const manager = layout.storeManager.get(store);
    const create_time = now - r.int(20, 700) * DAY_S - r.int(0, DAY_S);
    const theme = THEMES[g % THEMES.length]!;
    const name = `${BRAND.name}·${storeName.replace(/店$/, '')}${theme}${g >= THEMES.length ? Math.floor(g / THEMES.length) + 1 : ''}`;
    const members: DemoGroupChat['member_list'] = [
      {
        userid: owner.userid,
        type: 1,
        join_time: create_time,
        join_scene: 1,
        group_nickname: `${owner.name}-${BRAND.name}顾问`,
        name: owner.name,
      },
    ];
    const admins: string[] = [];
    const joinAfter = (t: number): number => t + r.int(60, Math.max(120, now - t - 60));
    for (const c of r.sample(colleagues, r.int(0, Math.min(2, colleagues.length)))) {
      members.push({
        userid: c.userid,
        type: 1,
        join_time: joinAfter(create_time),
        join_scene: 1,
        invitor: owner.userid,
        group_nickname: c.name,
        name: c.name,
      });
      if (r.chance(0.5)) admins.push(c.userid);
    }
    if (manager && r.chance(0.5)) {
      const m = layout.directory.staff.find((s) => s.userid === manager);
      if (m)
        members.push({
          userid: m.userid,
          type: 1,
          join_time: joinAfter(create_time),
          join_scene: 1,
          invitor: owner.userid,
          group_nickname: `${m.name}(店长)`,
          name: m.name,
        });
    }
    // Customers: prefer contacts of this store's guides; WeCom caps customer groups at 500 members.
    const storeGuides = new Set([owner.userid, ...colleagues.map((c) => c.userid)]);
    const want = Math.min(o.customers, r.int(15, 180), 480);
    const seen = new Set<number>();
    for (let tries = 0; seen.size < want && tries < want * 30; tries++) {
      const i = r.int(0, o.customers - 1);
      if (seen.has(i)) continue;
      const c = demoCustomer(o, i);
      if (tries < want * 25 && !c.follows.some((f) => storeGuides.has(f.userid))) continue;
      seen.add(i);
      const scene = r.weighted<1 | 2 | 3>([
        [1, 30],
        [2, 20],
        [3, 50],
      ]);
      const member: DemoGroupChat['member_list'][number] = {
        userid: c.external_userid,
        type: 2,
        join_time: joinAfter(Math.max(create_time, c.follows[0]?.createtime ?? create_time)),
        join_scene: scene,
        group_nickname: r.chance(0.3) ? `${c.name}${r.pick(GROUP_NICK_SUFFIX)}` : '',
        name: c.name,
      };
      if (scene === 1) member.invitor = owner.userid;
      if (c.unionid) member.unionid = c.unionid;
      members.push(member);
    }
    // A few members who are nobody's contact (joined via a friend's link).
    for (let k = 0, n = r.int(0, 3); k < n; k++) {
      members.push({
        userid: `wm${r.chars(22)}GRP${String(g).padStart(3, '0')}`.slice(0, 30),
        type: 2,
        join_time: joinAfter(create_time),
        join_scene: 2,
        group_nickname: '',
        name: r.pick(['路人甲', '小王同学', 'Lucky', '🍀四叶草', '晴天']),
      });
    }
    for (const m of members) m.join_time = Math.min(m.join_time, now - 60);
    chats.push({
      chat_id: `wr${r.chars(28)}`,
      name,
      owner: owner.userid,
      create_time,
      notice: r.chance(0.8) ? r.pick(NOTICES) : '',
      admin_list: admins,
      member_list: members,
    });
  }
  return chats;
}
