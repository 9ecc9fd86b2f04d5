/**
 * Wire shapes the simulator answers with (wecom-api.md §5–6, §13b) and the
 * in-memory records it keeps. Wire objects are stored as WeCom would send them
 * so handlers copy them out without reshaping; relations that change (follows,
 * tags on a follow, group members) are kept as records and rendered per call.
 */

export interface ExternalAttrWire {
  type: 0 | 1 | 2;
  name: string;
  text?: { value: string };
  web?: { url: string; title: string };
  miniprogram?: { appid: string; pagepath: string; title: string };
}

export interface DepartmentWire {
  id: number;
  name: string;
  name_en?: string;
  department_leader?: string[];
  parentid: number;
  order?: number;
}

/** A member as user/get returns it (gender is a string on this API). */
export interface UserWire {
  userid: string;
  name: string;
  department: number[];
  order?: number[];
  position?: string;
  mobile?: string;
  gender?: string;
  email?: string;
  biz_mail?: string;
  is_leader_in_dept?: number[];
  direct_leader?: string[];
  avatar?: string;
  thumb_avatar?: string;
  telephone?: string;
  alias?: string;
  address?: string;
  open_userid?: string;
  main_department?: number;
  status?: number;
  qr_code?: string;
  external_position?: string;
  extattr?: { attrs: ExternalAttrWire[] };
}

export interface ExternalContactWire {
  external_userid: string;
  name: string;
  type: 1 | 2;
  gender: 0 | 1 | 2;
  avatar?: string;
  position?: string;
  corp_name?: string;
  corp_full_name?: string;
  unionid?: string;
  external_profile?: { external_attr: ExternalAttrWire[] };
}

/** One member → customer relation (follow_user). Tags are kept as corp tag ids and rendered per call. */
export interface SimFollow {
  userid: string;
  remark: string;
  description: string;
  createtime: number;
  tagIds: string[];
  remark_corp_name?: string;
  remark_mobiles: string[];
  add_way: number;
  state?: string;
  oper_userid: string;
}

export interface SimCustomer {
  contact: ExternalContactWire;
  /** In the order the relations were made. */
  follows: SimFollow[];
}

export interface SimTag {
  id: string;
  name: string;
  create_time: number;
  order: number;
  groupId: string;
}

export interface SimTagGroup {
  group_id: string;
  group_name: string;
  create_time: number;
  order: number;
  tagIds: string[];
}

export interface GroupChatMemberWire {
  userid: string;
  type: 1 | 2;
  join_time: number;
  join_scene: number;
  unionid?: string;
  invitor?: { userid: string };
  group_nickname?: string;
  name?: string;
  state?: string;
}

export interface SimGroupChat {
  chat_id: string;
  name: string;
  owner: string;
  create_time: number;
  notice?: string;
  member_list: GroupChatMemberWire[];
  admin_list: Array<{ userid: string }>;
  member_version: string;
  /** groupchat/list status: 0 跟进人正常, 1 跟进人离职, 2 离职继承中, 3 离职继承完成. */
  status: 0 | 1 | 2 | 3;
}

/** The JSON body of every /cgi-bin answer. */
export interface WxBody {
  errcode: number;
  errmsg: string;
  [key: string]: unknown;
}
