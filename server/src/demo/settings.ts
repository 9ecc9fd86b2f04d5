/**
 * The demo corp's own settings, as an admin would have made them: 客户等级 marked single-choice,
 * a few profile fields (one mirrored to the 肤质 tag group), and group tags put on the groups
 * by their theme, so the group owner's tools have something to show.
 */
export interface DemoProfileField {
  label: string;
  type: 'text' | 'number' | 'date' | 'single' | 'multi';
  options: string[];
  /** Name of the corp tag group the field mirrors (its tags are the options). */
  tagGroup: string | null;
  counted: boolean;
}

/** Tag groups where a customer carries one tag at a time. */
export const DEMO_SINGLE_CHOICE_GROUPS = ['客户等级'];

export const DEMO_PROFILE_FIELDS: DemoProfileField[] = [
  { label: '肤质', type: 'single', options: [], tagGroup: '肤质', counted: true },
  { label: '肤质困扰', type: 'multi', options: ['痘痘', '毛孔粗大', '暗沉', '细纹', '泛红', '干燥起皮'], tagGroup: null, counted: true },
  { label: '常用色号', type: 'text', options: [], tagGroup: null, counted: false },
  { label: '月护肤预算', type: 'number', options: [], tagGroup: null, counted: false },
  { label: '下次到店', type: 'date', options: [], tagGroup: null, counted: false },
];

/** Group tags and which groups (by a word of their name) carry them; `every` tags every n-th group too. */
export const DEMO_GROUP_TAGS: Array<{ name: string; color: string; nameHas: string[]; every?: number }> = [
  { name: '会员福利', color: '#07c160', nameHas: ['VIP', '会员'] },
  { name: '新品试用', color: '#1989fa', nameHas: ['新品', '体验'] },
  { name: '宝妈', color: '#7232dd', nameHas: ['宝妈'] },
  { name: '直播', color: '#ee0a24', nameHas: ['直播'] },
  { name: '高活跃', color: '#ff976a', nameHas: [], every: 3 },
  { name: '待激活', color: '#969799', nameHas: [], every: 7 },
];

/** The group tags one group carries, by its name and position. */
export function demoGroupTagsOf(name: string, index: number): string[] {
  return DEMO_GROUP_TAGS.filter((t) => t.nameHas.some((w) => name.includes(w)) || (t.every !== undefined && index % t.every === 0)).map(
    (t) => t.name,
  );
}
