import { z } from 'zod';

/**
 * WeCom (企业微信) server API wire shapes, request and response, exactly as
 * /work/shared/wecom-api.md (§2–8, §13b) documents them. Field names are the
 * wire names (snake_case). A field the doc marks as "only when …" is optional
 * here so that a faithful simulator may omit it. Unknown extra fields (hint
 * suffixes, warning_msg, new fields WeCom adds) are accepted and stripped.
 *
 * Success is `errcode === 0` (never `errmsg === 'ok'`); error bodies may carry
 * default-valued business fields, so the client checks the envelope first and
 * only validates the full shape of a success response.
 */

const int = z.number().int();

/** Every WeCom paths relative to the API host (the client prepends WECOM_API_BASE). */
export const WECOM_PATHS = {
  gettoken: '/cgi-bin/gettoken',
  departmentList: '/cgi-bin/department/list',
  userList: '/cgi-bin/user/list',
  userSimpleList: '/cgi-bin/user/simplelist',
  userGet: '/cgi-bin/user/get',
  getFollowUserList: '/cgi-bin/externalcontact/get_follow_user_list',
  externalContactList: '/cgi-bin/externalcontact/list',
  externalContactGet: '/cgi-bin/externalcontact/get',
  batchGetByUser: '/cgi-bin/externalcontact/batch/get_by_user',
  remark: '/cgi-bin/externalcontact/remark',
  getCorpTagList: '/cgi-bin/externalcontact/get_corp_tag_list',
  addCorpTag: '/cgi-bin/externalcontact/add_corp_tag',
  editCorpTag: '/cgi-bin/externalcontact/edit_corp_tag',
  delCorpTag: '/cgi-bin/externalcontact/del_corp_tag',
  markTag: '/cgi-bin/externalcontact/mark_tag',
  groupChatList: '/cgi-bin/externalcontact/groupchat/list',
  groupChatGet: '/cgi-bin/externalcontact/groupchat/get',
  getUserBehaviorData: '/cgi-bin/externalcontact/get_user_behavior_data',
  groupChatStatistic: '/cgi-bin/externalcontact/groupchat/statistic',
  groupChatStatisticByDay: '/cgi-bin/externalcontact/groupchat/statistic_group_by_day',
  authGetUserInfo: '/cgi-bin/auth/getuserinfo',
  getJsapiTicket: '/cgi-bin/get_jsapi_ticket',
  ticketGet: '/cgi-bin/ticket/get',
  addContactWay: '/cgi-bin/externalcontact/add_contact_way',
  getContactWay: '/cgi-bin/externalcontact/get_contact_way',
  listContactWay: '/cgi-bin/externalcontact/list_contact_way',
  updateContactWay: '/cgi-bin/externalcontact/update_contact_way',
  delContactWay: '/cgi-bin/externalcontact/del_contact_way',
  sendWelcomeMsg: '/cgi-bin/externalcontact/send_welcome_msg',
  groupWelcomeTemplateAdd: '/cgi-bin/externalcontact/group_welcome_template/add',
  groupWelcomeTemplateEdit: '/cgi-bin/externalcontact/group_welcome_template/edit',
  groupWelcomeTemplateGet: '/cgi-bin/externalcontact/group_welcome_template/get',
  groupWelcomeTemplateDel: '/cgi-bin/externalcontact/group_welcome_template/del',
  addJoinWay: '/cgi-bin/externalcontact/groupchat/add_join_way',
  getJoinWay: '/cgi-bin/externalcontact/groupchat/get_join_way',
  updateJoinWay: '/cgi-bin/externalcontact/groupchat/update_join_way',
  delJoinWay: '/cgi-bin/externalcontact/groupchat/del_join_way',
  mediaUpload: '/cgi-bin/media/upload',
  mediaUploadImg: '/cgi-bin/media/uploadimg',
  addMsgTemplate: '/cgi-bin/externalcontact/add_msg_template',
  groupMsgListV2: '/cgi-bin/externalcontact/get_groupmsg_list_v2',
  groupMsgTask: '/cgi-bin/externalcontact/get_groupmsg_task',
  groupMsgSendResult: '/cgi-bin/externalcontact/get_groupmsg_send_result',
  remindGroupMsgSend: '/cgi-bin/externalcontact/remind_groupmsg_send',
  cancelGroupMsgSend: '/cgi-bin/externalcontact/cancel_groupmsg_send',
  messageSend: '/cgi-bin/message/send',
  getUnassignedList: '/cgi-bin/externalcontact/get_unassigned_list',
  transferCustomer: '/cgi-bin/externalcontact/transfer_customer',
  transferResult: '/cgi-bin/externalcontact/transfer_result',
  resignedTransferCustomer: '/cgi-bin/externalcontact/resigned/transfer_customer',
  resignedTransferResult: '/cgi-bin/externalcontact/resigned/transfer_result',
  groupChatTransfer: '/cgi-bin/externalcontact/groupchat/transfer',
  groupChatOnjobTransfer: '/cgi-bin/externalcontact/groupchat/onjob_transfer',
} as const;
export type WecomPath = (typeof WECOM_PATHS)[keyof typeof WECOM_PATHS];

// ---------------------------------------------------------------- envelope (§1.1)

/** `{errcode, errmsg}` — present on every response. */
export const envelopeSchema = z.object({ errcode: int, errmsg: z.string() });
export type WecomEnvelope = z.infer<typeof envelopeSchema>;

/** A success-only response: `{"errcode":0,"errmsg":"ok"}` (remark, edit/del tag, mark_tag). */
export const okResponseSchema = envelopeSchema;
export type OkResponse = WecomEnvelope;

// ---------------------------------------------------------------- gettoken (§2) and tickets (§8)

/** GET /gettoken?corpid&corpsecret */
export const tokenResponseSchema = envelopeSchema.extend({ access_token: z.string().min(1), expires_in: int });
export type TokenResponse = z.infer<typeof tokenResponseSchema>;

/** GET /get_jsapi_ticket and GET /ticket/get?type=agent_config */
export const ticketResponseSchema = envelopeSchema.extend({ ticket: z.string().min(1), expires_in: int });
export type TicketResponse = z.infer<typeof ticketResponseSchema>;

// ---------------------------------------------------------------- directory (§6)

/** One department of GET /department/list. */
export const departmentSchema = z.object({
  id: int,
  name: z.string(),
  name_en: z.string().optional(),
  department_leader: z.array(z.string()).optional(),
  /** Root (id 1) has parentid 0. */
  parentid: int,
  order: int.optional(),
});
export type WecomDepartment = z.infer<typeof departmentSchema>;
export const departmentListResponseSchema = envelopeSchema.extend({ department: z.array(departmentSchema) });
export type DepartmentListResponse = z.infer<typeof departmentListResponseSchema>;

const extAttrSchema = z.object({
  type: z.union([z.literal(0), z.literal(1), z.literal(2)]),
  name: z.string(),
  text: z.object({ value: z.string() }).optional(),
  web: z.object({ url: z.string(), title: z.string() }).optional(),
  miniprogram: z.object({ appid: z.string(), pagepath: z.string(), title: z.string() }).optional(),
});
export type ExternalAttr = z.infer<typeof extAttrSchema>;

/**
 * A member as user/get and user/list return it. Since 2022-06 new apps no
 * longer receive avatar/gender/mobile/email/…, so nearly everything but
 * userid/name/department is optional. `gender` is a STRING here ("0"/"1"/"2").
 */
export const userSchema = z.object({
  userid: z.string(),
  name: z.string(),
  department: z.array(int),
  order: z.array(int).optional(),
  position: z.string().optional(),
  mobile: z.string().optional(),
  gender: z.string().optional(),
  email: z.string().optional(),
  biz_mail: z.string().optional(),
  is_leader_in_dept: z.array(int).optional(),
  direct_leader: z.array(z.string()).optional(),
  avatar: z.string().optional(),
  thumb_avatar: z.string().optional(),
  telephone: z.string().optional(),
  alias: z.string().optional(),
  address: z.string().optional(),
  open_userid: z.string().optional(),
  main_department: int.optional(),
  extattr: z.object({ attrs: z.array(extAttrSchema) }).optional(),
  /** 1 已激活, 2 已禁用, 4 未激活, 5 退出企业. */
  status: int.optional(),
  qr_code: z.string().optional(),
  external_position: z.string().optional(),
  external_profile: z.object({ external_corp_name: z.string().optional(), external_attr: z.array(extAttrSchema).optional() }).optional(),
  english_name: z.string().optional(),
  hide_mobile: int.optional(),
  enable: int.optional(),
});
export type WecomUser = z.infer<typeof userSchema>;
/** GET /user/get?userid — the member object at top level. */
export const userGetResponseSchema = envelopeSchema.extend(userSchema.shape);
export type UserGetResponse = z.infer<typeof userGetResponseSchema>;
/** GET /user/list?department_id */
export const userListResponseSchema = envelopeSchema.extend({ userlist: z.array(userSchema) });
export type UserListResponse = z.infer<typeof userListResponseSchema>;

export const simpleUserSchema = z.object({
  userid: z.string(),
  name: z.string(),
  department: z.array(int),
  open_userid: z.string().optional(),
});
export type WecomSimpleUser = z.infer<typeof simpleUserSchema>;
/** GET /user/simplelist?department_id[&fetch_child] */
export const userSimpleListResponseSchema = envelopeSchema.extend({ userlist: z.array(simpleUserSchema) });
export type UserSimpleListResponse = z.infer<typeof userSimpleListResponseSchema>;

// ---------------------------------------------------------------- external contacts (§5.1–5.5)

/** GET /externalcontact/get_follow_user_list */
export const followUserListResponseSchema = envelopeSchema.extend({ follow_user: z.array(z.string()) });
export type FollowUserListResponse = z.infer<typeof followUserListResponseSchema>;

/** GET /externalcontact/list?userid */
export const externalContactListResponseSchema = envelopeSchema.extend({ external_userid: z.array(z.string()) });
export type ExternalContactListResponse = z.infer<typeof externalContactListResponseSchema>;

/** The customer object shared by externalcontact/get and batch/get_by_user. */
export const externalContactSchema = z.object({
  external_userid: z.string(),
  name: z.string(),
  /** 1 = 微信用户, 2 = 企业微信用户. */
  type: z.union([z.literal(1), z.literal(2)]),
  /** 0 unknown, 1 male, 2 female. */
  gender: z.union([z.literal(0), z.literal(1), z.literal(2)]),
  avatar: z.string().optional(),
  /** type 2 only. */
  position: z.string().optional(),
  corp_name: z.string().optional(),
  corp_full_name: z.string().optional(),
  /** type 1 only, and only when the corp bound a WeChat developer account. */
  unionid: z.string().optional(),
  external_profile: z.object({ external_attr: z.array(extAttrSchema) }).optional(),
});
export type ExternalContact = z.infer<typeof externalContactSchema>;

export const followUserTagSchema = z.object({
  group_name: z.string(),
  tag_name: z.string(),
  /** 1 企业设置, 2 用户自定义, 3 规则组标签. */
  type: z.union([z.literal(1), z.literal(2), z.literal(3)]),
  /** Absent for type 2 (personal) tags. */
  tag_id: z.string().optional(),
});
export type FollowUserTag = z.infer<typeof followUserTagSchema>;

const wechatChannelsSchema = z.object({
  nickname: z.string(),
  source: z.union([z.literal(0), z.literal(1), z.literal(2), z.literal(3)]),
});

/** One (member → customer) relation as externalcontact/get returns it. */
export const followUserSchema = z.object({
  userid: z.string(),
  remark: z.string(),
  description: z.string(),
  createtime: int,
  tags: z.array(followUserTagSchema).optional(),
  remark_corp_name: z.string().optional(),
  remark_mobiles: z.array(z.string()).optional(),
  oper_userid: z.string(),
  /** 来源: 0…10, 201, 202 (see §5.3); kept open because WeCom adds values. */
  add_way: int,
  /** The 「联系我」 state; absent when not added via a contact way. */
  state: z.string().optional(),
  wechat_channels: wechatChannelsSchema.optional(),
});
export type FollowUser = z.infer<typeof followUserSchema>;

/** GET /externalcontact/get?external_userid&cursor — follow_user pages of 500. */
export const externalContactGetResponseSchema = envelopeSchema.extend({
  external_contact: externalContactSchema,
  follow_user: z.array(followUserSchema),
  /** Only when the customer has more than 500 followers (may be "" on the last page). */
  next_cursor: z.string().optional(),
});
export type ExternalContactGetResponse = z.infer<typeof externalContactGetResponseSchema>;

/** follow_user without `tags` but with `tag_id[]` (corp + strategy tag ids; personal tags omitted). */
export const followInfoSchema = followUserSchema.omit({ tags: true }).extend({ tag_id: z.array(z.string()).optional() });
export type FollowInfo = z.infer<typeof followInfoSchema>;

/** POST /externalcontact/batch/get_by_user body. */
export const batchGetByUserRequestSchema = z.object({
  userid_list: z.array(z.string()).min(1).max(100),
  cursor: z.string().optional(),
  /** max 100 (larger values are clamped by WeCom), default 50. */
  limit: int.min(1).optional(),
});
export type BatchGetByUserRequest = z.infer<typeof batchGetByUserRequestSchema>;

export const batchCustomerItemSchema = z.object({ external_contact: externalContactSchema, follow_info: followInfoSchema });
export type BatchCustomerItem = z.infer<typeof batchCustomerItemSchema>;
/** POST /externalcontact/batch/get_by_user — one item per (customer, follower) pair; next_cursor "" when done. */
export const batchGetByUserResponseSchema = envelopeSchema.extend({
  external_contact_list: z.array(batchCustomerItemSchema),
  next_cursor: z.string().optional(),
});
export type BatchGetByUserResponse = z.infer<typeof batchGetByUserResponseSchema>;

/** POST /externalcontact/remark body (at least one of the remark fields must be given). */
export const remarkRequestSchema = z.object({
  userid: z.string().min(1),
  external_userid: z.string().min(1),
  remark: z.string().max(20).optional(),
  description: z.string().max(150).optional(),
  remark_company: z.string().max(20).optional(),
  /** Overwrites the list; `[""]` clears it. */
  remark_mobiles: z.array(z.string()).optional(),
  remark_pic_mediaid: z.string().optional(),
});
export type RemarkRequest = z.infer<typeof remarkRequestSchema>;

// ---------------------------------------------------------------- corp tags (§5.6)

export const corpTagSchema = z.object({
  id: z.string(),
  name: z.string(),
  create_time: int,
  order: int,
  /** Only when querying by tag_id/group_id. */
  deleted: z.boolean().optional(),
});
export type CorpTag = z.infer<typeof corpTagSchema>;
export const corpTagGroupSchema = z.object({
  group_id: z.string(),
  group_name: z.string(),
  create_time: int,
  order: int,
  deleted: z.boolean().optional(),
  tag: z.array(corpTagSchema),
});
export type CorpTagGroup = z.infer<typeof corpTagGroupSchema>;

/** POST /externalcontact/get_corp_tag_list body; both empty = all tags; group_id wins when both are given. */
export const getCorpTagListRequestSchema = z.object({
  tag_id: z.array(z.string()).optional(),
  group_id: z.array(z.string()).optional(),
});
export type GetCorpTagListRequest = z.infer<typeof getCorpTagListRequestSchema>;
export const getCorpTagListResponseSchema = envelopeSchema.extend({ tag_group: z.array(corpTagGroupSchema) });
export type GetCorpTagListResponse = z.infer<typeof getCorpTagListResponseSchema>;

/** POST /externalcontact/add_corp_tag body: group_id adds into a group, else group_name creates/reuses one. */
export const addCorpTagRequestSchema = z.object({
  group_id: z.string().optional(),
  group_name: z.string().max(30).optional(),
  order: int.optional(),
  tag: z.array(z.object({ name: z.string().min(1).max(30), order: int.optional() })).min(1),
  agentid: int.optional(),
});
export type AddCorpTagRequest = z.infer<typeof addCorpTagRequestSchema>;
/** add_corp_tag answers ONE group object (not an array) holding the new tags. */
export const addCorpTagResponseSchema = envelopeSchema.extend({ tag_group: corpTagGroupSchema });
export type AddCorpTagResponse = z.infer<typeof addCorpTagResponseSchema>;

/** POST /externalcontact/edit_corp_tag body; id is a tag or a group id. */
export const editCorpTagRequestSchema = z.object({
  id: z.string().min(1),
  name: z.string().min(1).max(30).optional(),
  order: int.optional(),
  agentid: int.optional(),
});
export type EditCorpTagRequest = z.infer<typeof editCorpTagRequestSchema>;

/** POST /externalcontact/del_corp_tag body; not both empty. */
export const delCorpTagRequestSchema = z.object({
  tag_id: z.array(z.string()).optional(),
  group_id: z.array(z.string()).optional(),
  agentid: int.optional(),
});
export type DelCorpTagRequest = z.infer<typeof delCorpTagRequestSchema>;

/** POST /externalcontact/mark_tag body; add/remove not both empty. */
export const markTagRequestSchema = z.object({
  userid: z.string().min(1),
  external_userid: z.string().min(1),
  add_tag: z.array(z.string()).optional(),
  remove_tag: z.array(z.string()).optional(),
});
export type MarkTagRequest = z.infer<typeof markTagRequestSchema>;

// ---------------------------------------------------------------- customer groups (§5.7)

const ownerFilterSchema = z.object({ userid_list: z.array(z.string()).max(100) });

/** POST /externalcontact/groupchat/list body; limit REQUIRED 1…1000. */
export const groupChatListRequestSchema = z.object({
  /** 0 all (default), 1 离职待继承, 2 离职继承中, 3 离职继承完成. */
  status_filter: int.min(0).max(3).optional(),
  owner_filter: ownerFilterSchema.optional(),
  cursor: z.string().optional(),
  limit: int.min(1).max(1000),
});
export type GroupChatListRequest = z.infer<typeof groupChatListRequestSchema>;
export const groupChatListItemSchema = z.object({
  chat_id: z.string(),
  status: z.union([z.literal(0), z.literal(1), z.literal(2), z.literal(3)]),
});
export type GroupChatListItem = z.infer<typeof groupChatListItemSchema>;
/** Empty/absent next_cursor = done. */
export const groupChatListResponseSchema = envelopeSchema.extend({
  group_chat_list: z.array(groupChatListItemSchema),
  next_cursor: z.string().optional(),
});
export type GroupChatListResponse = z.infer<typeof groupChatListResponseSchema>;

/** POST /externalcontact/groupchat/get body. */
export const groupChatGetRequestSchema = z.object({
  chat_id: z.string().min(1),
  need_name: z.union([z.literal(0), z.literal(1)]).optional(),
});
export type GroupChatGetRequest = z.infer<typeof groupChatGetRequestSchema>;
export const groupChatMemberSchema = z.object({
  userid: z.string(),
  /** 1 企业成员, 2 外部联系人. */
  type: z.union([z.literal(1), z.literal(2)]),
  join_time: int,
  /** 1 直接邀请, 2 邀请链接, 3 扫描群二维码 (kept open). */
  join_scene: int,
  unionid: z.string().optional(),
  /** Only when invited by an internal member. */
  invitor: z.object({ userid: z.string() }).optional(),
  group_nickname: z.string().optional(),
  /** Only with need_name=1. */
  name: z.string().optional(),
  state: z.string().optional(),
});
export type GroupChatMember = z.infer<typeof groupChatMemberSchema>;
export const groupChatSchema = z.object({
  chat_id: z.string(),
  name: z.string(),
  owner: z.string(),
  create_time: int,
  notice: z.string().optional(),
  member_list: z.array(groupChatMemberSchema),
  admin_list: z.array(z.object({ userid: z.string() })).default([]),
  member_version: z.string().optional(),
});
export type GroupChat = z.infer<typeof groupChatSchema>;
export const groupChatGetResponseSchema = envelopeSchema.extend({ group_chat: groupChatSchema });
export type GroupChatGetResponse = z.infer<typeof groupChatGetResponseSchema>;

// ---------------------------------------------------------------- statistics (§5.8, §5.9)

/** POST /externalcontact/get_user_behavior_data body; userid/partyid ≤100, not both empty, span ≤30 days. */
export const userBehaviorRequestSchema = z.object({
  userid: z.array(z.string()).max(100).optional(),
  partyid: z.array(int).max(100).optional(),
  start_time: int,
  end_time: int,
});
export type UserBehaviorRequest = z.infer<typeof userBehaviorRequestSchema>;
export const behaviorDataSchema = z.object({
  stat_time: int,
  chat_cnt: int,
  message_cnt: int,
  /** Only present on days with chats. */
  reply_percentage: z.number().optional(),
  /** Minutes; only present on days with chats. */
  avg_reply_time: int.optional(),
  negative_feedback_cnt: int,
  new_apply_cnt: int,
  new_contact_cnt: int,
});
export type BehaviorData = z.infer<typeof behaviorDataSchema>;
export const userBehaviorResponseSchema = envelopeSchema.extend({ behavior_data: z.array(behaviorDataSchema) });
export type UserBehaviorResponse = z.infer<typeof userBehaviorResponseSchema>;

/** POST /externalcontact/groupchat/statistic_group_by_day body. */
export const groupChatStatisticByDayRequestSchema = z.object({
  day_begin_time: int,
  day_end_time: int.optional(),
  owner_filter: ownerFilterSchema.optional(),
});
export type GroupChatStatisticByDayRequest = z.infer<typeof groupChatStatisticByDayRequestSchema>;
export const groupStatDataSchema = z.object({
  new_chat_cnt: int,
  chat_total: int,
  chat_has_msg: int,
  new_member_cnt: int,
  member_total: int,
  member_has_msg: int,
  msg_total: int,
  /** 教培 corps only. */
  migrate_trainee_chat_cnt: int.optional(),
});
export type GroupStatData = z.infer<typeof groupStatDataSchema>;
export const groupChatStatisticByDayResponseSchema = envelopeSchema.extend({
  items: z.array(z.object({ stat_time: int, data: groupStatDataSchema })),
});
export type GroupChatStatisticByDayResponse = z.infer<typeof groupChatStatisticByDayResponseSchema>;

/** POST /externalcontact/groupchat/statistic body (按群主聚合; offset paging until next_offset == total). */
export const groupChatStatisticRequestSchema = groupChatStatisticByDayRequestSchema.extend({
  order_by: int.min(1).max(4).optional(),
  order_asc: z.union([z.literal(0), z.literal(1)]).optional(),
  offset: int.min(0).optional(),
  limit: int.min(1).max(1000).optional(),
});
export type GroupChatStatisticRequest = z.infer<typeof groupChatStatisticRequestSchema>;
export const groupChatStatisticResponseSchema = envelopeSchema.extend({
  total: int,
  next_offset: int,
  items: z.array(z.object({ owner: z.string(), data: groupStatDataSchema })),
});
export type GroupChatStatisticResponse = z.infer<typeof groupChatStatisticResponseSchema>;

// ---------------------------------------------------------------- identity (§7.2)

/**
 * GET /auth/getuserinfo?code — a member gets userid (+ user_ticket with
 * snsapi_privateinfo); a non-member gets openid (+ external_userid when a customer).
 */
export const authUserInfoResponseSchema = envelopeSchema.extend({
  userid: z.string().optional(),
  user_ticket: z.string().optional(),
  openid: z.string().optional(),
  external_userid: z.string().optional(),
});
export type AuthUserInfoResponse = z.infer<typeof authUserInfoResponseSchema>;
