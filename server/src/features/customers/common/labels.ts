/** Chinese labels for WeCom codes shown in the sidebar (wecom-api.md §5.3, §5.7). */

const ADD_WAY_LABELS: Record<number, string> = {
  0: '未知来源',
  1: '扫描二维码',
  2: '搜索手机号',
  3: '名片分享',
  4: '群聊',
  5: '手机通讯录',
  6: '微信联系人',
  7: '微信好友申请',
  8: '第三方应用自动添加',
  9: '搜索邮箱',
  10: '视频号主页添加',
  201: '内部成员共享',
  202: '管理员/负责人分配',
};

/** add_way → 扫描二维码 … (unknown codes → 其他来源). */
export function addWayLabel(addWay: number): string {
  return ADD_WAY_LABELS[addWay] ?? '其他来源';
}

/**
 * The channel a customer was added through, for people: the name of our channel code whose key
 * the state is, else (a code made elsewhere, e.g. popup_store_100) a generic label, never raw.
 */
export function channelLabel(state: string | null, channelName: string | null = null): string | null {
  return channelName ?? (state ? '渠道活码' : null);
}

export function genderLabel(gender: number): string {
  return gender === 1 ? '男' : gender === 2 ? '女' : '未知';
}

export function customerTypeOf(type: number): 'wechat' | 'wecom' {
  return type === 2 ? 'wecom' : 'wechat';
}

export function customerTypeLabel(type: number): string {
  return type === 2 ? '企业微信' : '微信';
}

const JOIN_SCENE_LABELS: Record<number, string> = { 1: '直接邀请', 2: '邀请链接', 3: '扫描群二维码' };

export function joinSceneLabel(scene: number): string {
  return JOIN_SCENE_LABELS[scene] ?? '未知';
}
