/**
 * The demo corp's directory: HQ (department 1) → regions → stores, one guide
 * team per store with a store manager (店长), a regional manager per region and
 * an operations admin at HQ; plus the corp tag groups. Small, so built whole.
 */
import { BRAND } from './catalog.ts';
import { personName, wecomAvatar } from './names.ts';
import { DAY_S, unix } from './options.ts';
import { rngFor } from './random.ts';
import type { DemoDepartment, DemoDirectory, DemoOptions, DemoStaff, DemoTagGroup } from './types.ts';

const REGIONS: ReadonlyArray<{ name: string; en: string; stores: string[] }> = [
  {
    name: '华东大区',
    en: 'East',
    stores: [
      '上海南京西路店',
      '杭州湖滨银泰店',
      '南京德基广场店',
      '苏州中心店',
      '上海环球港店',
      '宁波天一广场店',
      '无锡恒隆店',
      '合肥万象城店',
    ],
  },
  { name: '华南大区', en: 'South', stores: ['广州天河城店', '深圳万象城店', '厦门万象城店', '佛山岭南站店', '东莞国贸店', '南宁万象城店'] },
  {
    name: '华北大区',
    en: 'North',
    stores: ['北京三里屯店', '北京国贸商城店', '天津大悦城店', '青岛万象城店', '济南恒隆店', '沈阳万象城店'],
  },
  { name: '西南大区', en: 'Southwest', stores: ['成都太古里店', '重庆解放碑店', '昆明顺城店', '贵阳万象城店', '成都IFS店', '西安赛格店'] },
];

/** Tag groups and their tags, in display order. 客户等级 and 生日月份 are used by the generator's logic. */
export const TAG_GROUP_DEFS: ReadonlyArray<{ key: string; name: string; tags: string[] }> = [
  { key: 'level', name: '客户等级', tags: ['普通会员', '银卡会员', '金卡会员', '黑金会员'] },
  { key: 'interest', name: '兴趣偏好', tags: ['护肤', '彩妆', '香氛', '身体护理', '新品尝鲜', '限量联名'] },
  { key: 'skin', name: '肤质', tags: ['干性肌肤', '油性肌肤', '混合性肌肤', '敏感肌', '中性肌肤'] },
  { key: 'channel', name: '来源渠道', tags: ['门店扫码', '小程序商城', '直播间', '朋友推荐', '社群活动', '快闪店'] },
  { key: 'birthday', name: '生日月份', tags: ['1月', '2月', '3月', '4月', '5月', '6月', '7月', '8月', '9月', '10月', '11月', '12月'] },
  { key: 'price', name: '消费偏好', tags: ['价格敏感', '高客单', '囤货型', '只买活动款'] },
  { key: 'followup', name: '跟进状态', tags: ['待跟进', '已邀约到店', '已到店体验', '已成交'] },
];

export interface DirectoryLayout {
  directory: DemoDirectory;
  /** Follow-user guides in index order (guide_001…). */
  guides: DemoStaff[];
  /** Store department id of each guide (same order as guides). */
  guideStore: number[];
  /** Cumulative popularity of each guide: some guides have many more customers than others. */
  guideCumWeight: number[];
  /** Store department id → its manager's userid. */
  storeManager: Map<number, string>;
  /** group key (level, interest…) → its tag ids in order. */
  tagIds: Map<string, string[]>;
  /** tag id → tag and group name. */
  tagById: Map<string, { name: string; group: string }>;
}

const cache = new Map<string, DirectoryLayout>();

/** The directory and lookup tables, memoised per (seed, guides, now, corpId) because every customer needs them. */
export function directoryLayout(o: DemoOptions): DirectoryLayout {
  const key = `${o.seed}|${o.guides}|${o.now.getTime()}|${o.corpId}`;
  let layout = cache.get(key);
  if (!layout) {
    if (cache.size > 16) cache.clear();
    layout = buildLayout(o);
    cache.set(key, layout);
  }
  return layout;
}

/** Departments, staff and corp tag groups of the demo corp (WeCom wire shapes). */
export function demoDirectory(o: DemoOptions): DemoDirectory {
  const d = directoryLayout(o).directory;
  // Copies, so a caller mutating the result never changes later answers.
  return structuredClone(d);
}

function buildLayout(o: DemoOptions): DirectoryLayout {
  const r = rngFor(o.seed, 'directory');
  const storeCount = Math.max(1, Math.ceil(o.guides / 3));
  const regionCount = Math.min(REGIONS.length, Math.max(1, Math.ceil(storeCount / 2)));
  const usedPinyin = new Set<string>();
  const staff: DemoStaff[] = [];
  const departments: DemoDepartment[] = [
    { id: 1, name: BRAND.name, name_en: BRAND.nameEn, parentid: 0, order: 100000000, department_leader: [] },
    { id: 2, name: '总部运营中心', name_en: 'HQ Operations', parentid: 1, order: 99999000, department_leader: [] },
  ];

  const makeStaff = (role: DemoStaff['role'], dept: number, leader: boolean, position: string, userid?: string): DemoStaff => {
    const gender: 1 | 2 = role === 'guide' ? (r.chance(0.85) ? 2 : 1) : r.chance(0.6) ? 2 : 1;
    const person = personName(r, gender);
    let id = userid ?? person.pinyin;
    if (!userid) {
      let n = 1;
      while (usedPinyin.has(id)) id = `${person.pinyin}${++n}`;
    }
    usedPinyin.add(id);
    return {
      userid: id,
      name: person.name,
      department: [dept],
      main_department: dept,
      is_leader_in_dept: [leader ? 1 : 0],
      position,
      gender: String(gender) as '1' | '2',
      avatar: wecomAvatar(r),
      status: 1,
      role,
      is_follow_user: role === 'guide',
    };
  };

  const admin = makeStaff('admin', 2, true, '会员运营总监');
  staff.push(admin);
  departments[1]!.department_leader.push(admin.userid);

  const regionIds: number[] = [];
  for (let i = 0; i < regionCount; i++) {
    const def = REGIONS[i]!;
    const id = 10 + i;
    regionIds.push(id);
    const mgr = makeStaff('manager', id, true, '区域经理');
    staff.push(mgr);
    departments.push({
      id,
      name: def.name,
      name_en: `${def.en} Region`,
      parentid: 1,
      order: 90000000 - i * 1000,
      department_leader: [mgr.userid],
    });
  }

  const storeIds: number[] = [];
  const storeManager = new Map<number, string>();
  const perRegionCount = new Array<number>(regionCount).fill(0);
  for (let s = 0; s < storeCount; s++) {
    const region = s % regionCount;
    const def = REGIONS[region]!;
    const nth = perRegionCount[region]!++;
    const baseName = def.stores[nth % def.stores.length]!;
    const name = nth < def.stores.length ? baseName : `${baseName.replace(/店$/, '')}${Math.floor(nth / def.stores.length) + 1}店`;
    const id = 100 + s;
    storeIds.push(id);
    const mgr = makeStaff('manager', id, true, '店长');
    staff.push(mgr);
    storeManager.set(id, mgr.userid);
    departments.push({ id, name, parentid: regionIds[region]!, order: 80000000 - s * 100, department_leader: [mgr.userid] });
  }

  const guides: DemoStaff[] = [];
  const guideStore: number[] = [];
  const guideCumWeight: number[] = [];
  let cum = 0;
  for (let g = 0; g < o.guides; g++) {
    const store = storeIds[g % storeCount]!;
    const senior = r.chance(0.3);
    const guide = makeStaff('guide', store, false, senior ? '资深美容顾问' : '美容顾问', `guide_${String(g + 1).padStart(3, '0')}`);
    guides.push(guide);
    staff.push(guide);
    guideStore.push(store);
    cum += senior ? r.float(1.3, 2.2) : r.float(0.5, 1.2);
    guideCumWeight.push(cum);
  }

  const tagIds = new Map<string, string[]>();
  const created = unix(o.now) - 800 * DAY_S;
  const tagGroups: DemoTagGroup[] = TAG_GROUP_DEFS.map((def, gi) => {
    const gr = rngFor(o.seed, 'tag-group', gi);
    const group_id = `et${gr.chars(30)}`;
    const createTime = created + gi * 3600;
    const tag = def.tags.map((name, ti) => ({
      id: `et${rngFor(o.seed, 'tag', gi, ti).chars(30)}`,
      name,
      create_time: createTime + ti * 60,
      order: def.tags.length - ti,
    }));
    tagIds.set(
      def.key,
      tag.map((t) => t.id),
    );
    return { group_id, group_name: def.name, create_time: createTime, order: TAG_GROUP_DEFS.length - gi, tag };
  });

  const tagById = new Map(tagGroups.flatMap((g) => g.tag.map((t) => [t.id, { name: t.name, group: g.group_name }] as const)));
  return { directory: { departments, staff, tagGroups }, guides, guideStore, guideCumWeight, storeManager, tagIds, tagById };
}
