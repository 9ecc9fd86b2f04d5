/**
 * External contacts (客户) with their follow relations, one at a time from
 * (seed, index): customer i never depends on customers 0..i-1.
 */
import { directoryLayout, type DirectoryLayout } from './directory.ts';
import { suggestSalutations } from '@shared/customers/names.ts';
import { mobile, personName, wechatAvatar, wechatNickname } from './names.ts';
import { DAY_S, unix } from './options.ts';
import { customerProfile, type Archetype } from './profile.ts';
import { rngFor, type Rng } from './random.ts';
import type { DemoCustomer, DemoFollow, DemoOptions } from './types.ts';

const CORPS = [
  '上海云帆信息科技有限公司',
  '杭州青禾电子商务有限公司',
  '广州星辰广告有限公司',
  '深圳锐思数码有限公司',
  '北京知行教育咨询有限公司',
  '成都蓉城文化传媒有限公司',
];
const CORP_SHORT = ['云帆科技', '青禾电商', '星辰广告', '锐思数码', '知行教育', '蓉城文化'];
const POSITIONS = ['行政主管', '市场经理', '采购专员', 'HR', '产品经理', '财务'];
const DESCRIPTIONS = [
  '敏感肌，偏好温和无香精',
  '喜欢新品，经常问试用装',
  '送礼需求多，关注礼盒',
  '价格敏感，活动时下单',
  '上班族，偏好快速上妆',
  '孕期，只用孕妇可用产品',
  '熟客，常来门店做护理',
  '对美白精华感兴趣',
  '油皮，夏天买控油系列',
  '想要抗初老方案',
  '朋友推荐来的，首次到店',
  '直播间下单，需要售后跟进',
];
const CHANNEL_STATES = ['store_qr', 'mp_mall', 'live_room', 'referral', 'group_event', 'popup_store'];

// add_way (wecom-api.md §5.3): 1 扫描二维码, 2 搜索手机号, 3 名片分享, 4 群聊, 5 手机通讯录, 6 微信联系人, 201 内部成员共享, 202 管理员/负责人分配.
const ADD_WAYS: ReadonlyArray<readonly [number, number]> = [
  [1, 50],
  [2, 10],
  [3, 8],
  [4, 10],
  [5, 5],
  [6, 7],
  [201, 5],
  [202, 5],
];

/** A stable, WeCom-looking external_userid for customer i (wm + 30 chars; the index suffix keeps it unique). */
export function demoExternalUserid(o: DemoOptions, index: number): string {
  const tail = index.toString(36).toUpperCase().padStart(6, '0');
  return `wm${rngFor(o.seed, 'external-userid', index).chars(22)}${tail}`.slice(0, 30);
}

/** Customer i (0 <= index < o.customers). */
export function demoCustomer(o: DemoOptions, index: number): DemoCustomer {
  if (!Number.isInteger(index) || index < 0 || index >= o.customers) throw new RangeError(`demo customer index ${index} out of range`);
  const layout = directoryLayout(o);
  const profile = customerProfile(o, index);
  const r = rngFor(o.seed, 'customer', index);
  const external_userid = demoExternalUserid(o, index);

  const type: 1 | 2 = r.chance(0.03) ? 2 : 1;
  const gender = r.weighted<0 | 1 | 2>([
    [2, 72],
    [1, 20],
    [0, 8],
  ]);
  const real = personName(r, gender);
  const name = type === 2 ? real.name : wechatNickname(r, real);
  const buyer = profile.archetype !== 'prospect';
  const hasPhone = r.chance(buyer ? 0.7 : 0.35);
  // A bijection of the index keeps every demo mobile unique (odd multiplier, coprime with 10^8).
  const phone = hasPhone ? mobile(r).slice(0, 3) + String((index * 73_939_133 + 13_579_113) % 100_000_000).padStart(8, '0') : null;
  const member_no = r.chance(buyer ? 0.6 : 0.2) ? `MM${String(10_000_000 + index).padStart(10, '0')}` : null;
  const birthday = r.chance(0.45) ? `${String(r.int(1, 12)).padStart(2, '0')}-${String(r.int(1, 28)).padStart(2, '0')}` : null;

  const customer: DemoCustomer = {
    index,
    external_userid,
    name,
    avatar: wechatAvatar(r),
    type,
    gender,
    follows: [],
    phone,
    member_no,
    birthday,
  };
  if (type === 1 && r.chance(0.85)) customer.unionid = `oMMx${r.chars(24)}`;
  if (type === 2) {
    const c = r.int(0, CORPS.length - 1);
    customer.corp_name = CORP_SHORT[c] ?? CORPS[c];
    customer.position = r.pick(POSITIONS);
  }

  const now = unix(o.now);
  const firstGuide = pickGuide(layout, r);
  customer.follows.push(makeFollow(layout, r, customer, real.surname, real.name, profile.archetype, firstGuide, profile.firstAdded, true));
  // ≈15% are followed by a second guide (colleague at another visit, or a handover share).
  if (layout.guides.length > 1 && r.chance(0.15)) {
    let second = pickGuide(layout, r);
    for (let tries = 0; second === firstGuide && tries < 8; tries++) second = pickGuide(layout, r);
    if (second === firstGuide) second = (firstGuide + 1) % layout.guides.length;
    // Up to 300 days after the first guide; for a customer added less than that ago, anywhere since (not piled up at "now").
    const later = r.int(1, 300) * DAY_S;
    const since = Math.max(60, now - 60 - profile.firstAdded);
    const at = profile.firstAdded + (later < since ? later : Math.floor((later / (300 * DAY_S)) * since));
    customer.follows.push(
      makeFollow(layout, r, customer, real.surname, real.name, profile.archetype, second, Math.max(at, profile.firstAdded + 60), false),
    );
  }
  return customer;
}

/** Streams every customer in index order without holding them. */
export function* demoCustomers(o: DemoOptions): Iterable<DemoCustomer> {
  for (let i = 0; i < o.customers; i++) yield demoCustomer(o, i);
}

function pickGuide(layout: DirectoryLayout, r: Rng): number {
  const cum = layout.guideCumWeight;
  const x = r.next() * (cum[cum.length - 1] ?? 1);
  let lo = 0;
  let hi = cum.length - 1;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if ((cum[mid] ?? 0) > x) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}

function levelTag(r: Rng, archetype: Archetype): number {
  switch (archetype) {
    case 'heavy':
      return r.chance(0.6) ? 3 : 2;
    case 'regular':
      return r.chance(0.5) ? 2 : 1;
    case 'lapsed_regular':
      return r.chance(0.6) ? 1 : 2;
    case 'once_old':
    case 'once_recent':
      return r.chance(0.8) ? 0 : 1;
    case 'prospect':
      return 0;
  }
}

function makeFollow(
  layout: DirectoryLayout,
  r: Rng,
  c: DemoCustomer,
  surname: string,
  realName: string,
  archetype: Archetype,
  guideIndex: number,
  createtime: number,
  primary: boolean,
): DemoFollow {
  const guide = layout.guides[guideIndex];
  if (!guide) throw new Error('guide index out of range');
  const tags = layout.tagIds;
  const tag = (key: string, i: number): string[] => {
    const id = tags.get(key)?.[i];
    return id ? [id] : [];
  };
  const some = (key: string, n: number): string[] => r.sample(tags.get(key) ?? [], n);
  const tag_ids: string[] = [];
  const p = primary ? 1 : 0.4;
  if (r.chance(0.9 * p)) tag_ids.push(...tag('level', levelTag(r, archetype)));
  if (r.chance(0.55 * p)) tag_ids.push(...some('skin', 1));
  if (r.chance(0.7 * p)) tag_ids.push(...some('interest', r.int(1, 2)));
  if (r.chance(0.75 * p)) tag_ids.push(...some('channel', 1));
  if (c.birthday && r.chance(0.7 * p)) tag_ids.push(...tag('birthday', Number(c.birthday.slice(0, 2)) - 1));
  if (r.chance(0.25 * p)) tag_ids.push(...some('price', 1));
  if (r.chance(0.3 * p)) tag_ids.push(...some('followup', 1));

  const add_way = r.weighted(ADD_WAYS);
  const remarkStyle = r.int(0, 5);
  const remark =
    remarkStyle <= 2
      ? ''
      : remarkStyle === 3
        ? `${surname}姐`
        : remarkStyle === 4
          ? realName
          : `${realName} ${r.pick(['老客', 'VIP', '新客', '敏感肌', '送礼'])}`;
  // Who initiated: the customer for QR / card / group adds, the guide otherwise, the manager for shares and assignments.
  const manager = layout.storeManager.get(layout.guideStore[guideIndex] ?? -1) ?? guide.userid;
  const oper_userid = add_way === 1 || add_way === 3 || add_way === 4 ? c.external_userid : add_way >= 201 ? manager : guide.userid;
  // Guides who name a customer in their remark usually set a 称呼 as well (the remark's notes stay private).
  const salutation = remarkStyle === 3 ? `${surname}姐` : remarkStyle >= 4 ? suggestSalutations(realName, c.gender)[0] : undefined;
  const follow: DemoFollow = {
    userid: guide.userid,
    remark,
    ...(salutation ? { salutation } : {}),
    description: r.chance(0.3) ? r.pick(DESCRIPTIONS) : '',
    createtime,
    tag_ids,
    remark_mobiles: c.phone && r.chance(0.5) ? [c.phone] : [],
    add_way,
    oper_userid,
  };
  if (c.type === 2 && c.corp_name) follow.remark_corp_name = c.corp_name;
  if (add_way === 1) follow.state = `${r.pick(CHANNEL_STATES)}_${String(layout.guideStore[guideIndex] ?? 0)}`;
  return follow;
}
