import { createHash, randomBytes } from 'node:crypto';
import type { z } from 'zod';
import type { AppConfig } from '@server/config/index.ts';
import { perDeps, type AppDeps } from '@server/context.ts';
import { log } from '@server/logger.ts';
import { WecomApiError, WecomSchemaError, WecomTransportError, isRetryable, isTokenErrcode } from './errors.ts';
import { WecomExchange, issuesOf } from './exchange.ts';
import { httpFor } from './http.ts';
import { RetryBudget, Semaphore, backoffDelay, sleep } from './limits.ts';
import {
  WECOM_PATHS,
  addCorpTagResponseSchema,
  authUserInfoResponseSchema,
  batchGetByUserResponseSchema,
  departmentListResponseSchema,
  externalContactGetResponseSchema,
  externalContactListResponseSchema,
  followUserListResponseSchema,
  getCorpTagListResponseSchema,
  groupChatGetResponseSchema,
  groupChatListResponseSchema,
  groupChatStatisticByDayResponseSchema,
  okResponseSchema,
  ticketResponseSchema,
  tokenResponseSchema,
  userBehaviorResponseSchema,
  userGetResponseSchema,
  userListResponseSchema,
  userSimpleListResponseSchema,
  type AddCorpTagRequest,
  type AuthUserInfoResponse,
  type BatchCustomerItem,
  type BatchGetByUserRequest,
  type BatchGetByUserResponse,
  type BehaviorData,
  type CorpTagGroup,
  type DelCorpTagRequest,
  type EditCorpTagRequest,
  type ExternalContact,
  type FollowUser,
  type GetCorpTagListRequest,
  type GroupChat,
  type GroupChatListItem,
  type GroupChatListRequest,
  type GroupChatListResponse,
  type GroupChatStatisticByDayRequest,
  type GroupChatStatisticByDayResponse,
  type MarkTagRequest,
  type RemarkRequest,
  type UserBehaviorRequest,
  type WecomDepartment,
  type WecomSimpleUser,
  type WecomUser,
  type WecomPath,
} from './schemas.ts';
import { multipartBody, type UploadFile } from './multipart-body.ts';
import {
  addContactWayResponseSchema,
  addGroupWelcomeTemplateResponseSchema,
  addJoinWayResponseSchema,
  getContactWayResponseSchema,
  getGroupWelcomeTemplateResponseSchema,
  getJoinWayResponseSchema,
  listContactWayResponseSchema,
  uploadImageResponseSchema,
  uploadMediaResponseSchema,
  type AddContactWayRequest,
  type AddGroupWelcomeTemplateRequest,
  type AddJoinWayRequest,
  type ContactWay,
  type EditGroupWelcomeTemplateRequest,
  type JoinWay,
  type ListContactWayRequest,
  type MediaType,
  type SendWelcomeMsgRequest,
  type UpdateContactWayRequest,
  type UpdateJoinWayRequest,
  type UploadMediaResponse,
} from './schemas-acquisition.ts';
import { SIMULATOR_CORP } from './simulator-corp.ts';
import {
  groupChatTransferResponseSchema,
  transferCustomerResponseSchema,
  transferResultResponseSchema,
  unassignedListResponseSchema,
  type GroupChatTransferRequest,
  type GroupChatTransferResponse,
  type TransferCustomerRequest,
  type TransferCustomerResponse,
  type TransferResultItem,
  type UnassignedItem,
} from './transfer.schemas.ts';
import {
  addMsgTemplateResponseSchema,
  groupMsgListResponseSchema,
  groupMsgSendResultResponseSchema,
  groupMsgTaskResponseSchema,
  sendAppMessageResponseSchema,
  type AddMsgTemplateRequest,
  type AddMsgTemplateResponse,
  type AppMessage,
  type GroupMsgListRequest,
  type GroupMsgListResponse,
  type GroupMsgSendResult,
  type GroupMsgTask,
  type SendAppMessageResponse,
} from './group-send.schemas.ts';

export interface WecomRetryOptions {
  /** Total attempts per call including the first (default 4). */
  maxAttempts: number;
  /** First backoff cap; doubles per attempt, full jitter (default 200 ms). */
  baseDelayMs: number;
  /** Backoff cap (default 5000 ms). */
  maxDelayMs: number;
  /** Retries allowed per minute across the whole client (token bucket, default 60). */
  budget: number;
}

export interface WecomClientOptions {
  /** API host, e.g. https://qyapi.weixin.qq.com or the simulator's http://127.0.0.1:port (paths start /cgi-bin). */
  apiBase: string;
  corpId: string;
  /** Secret of the app (self-built app configured for 客户联系). */
  secret: string;
  /** Per-request timeout (default 10 000 ms). */
  timeoutMs?: number;
  /** Concurrent requests per API path (default 4). */
  concurrencyPerEndpoint?: number;
  retry?: Partial<WecomRetryOptions>;
  /** Refresh tokens/tickets this long before they expire (default 300 000 ms). */
  refreshMarginMs?: number;
}

/** The follow_user pages of one customer merged into one answer. */
export interface ExternalContactDetail {
  external_contact: ExternalContact;
  follow_user: FollowUser[];
}

/** Identity behind an OAuth code (members: userid; non-members: openid, external_userid when a customer). */
export type AuthUserInfo = Omit<AuthUserInfoResponse, 'errcode' | 'errmsg'>;

/** One (customer, follower) pair of batch/get_by_user. */
export type CustomerPage = BatchCustomerItem[];

type Query = Record<string, string | number | undefined>;

interface CallSpec<S extends z.ZodType> {
  method: 'GET' | 'POST';
  path: WecomPath;
  query?: Query;
  body?: unknown;
  schema: S;
  /** false only for gettoken. */
  auth?: boolean;
  /** Sent as multipart/form-data (media uploads) instead of a JSON body. */
  upload?: UploadFile;
}

interface CachedSecret {
  value: string;
  /** When to fetch a new one: expiry minus the margin (at most half the lifetime early). */
  refreshAt: number;
}
interface SecretSlot {
  cached?: CachedSecret;
  inflight?: Promise<string>;
}

/**
 * Tokens and tickets are cached per (apiBase, corpId, secret) for the whole
 * process, so every client of one app shares them (WeCom rate-limits gettoken
 * and tickets: 100 tickets/hour/app). The secret is only kept as a hash.
 */
const secretCache = new Map<string, SecretSlot>();

function slotFor(key: string): SecretSlot {
  let slot = secretCache.get(key);
  if (!slot) {
    slot = {};
    secretCache.set(key, slot);
  }
  return slot;
}

const DEFAULT_RETRY: WecomRetryOptions = { maxAttempts: 4, baseDelayMs: 200, maxDelayMs: 5000, budget: 60 };

/**
 * Typed client of the WeCom server API (wecom-api.md §2–8). Every response is
 * validated with the zod schemas of schemas.ts; success is errcode === 0.
 * - access token: cached, single-flight refresh, refreshed before expiry; on
 *   40014/42001/42009 the token is dropped, refreshed once and the call retried.
 * - -1/45009/45033, HTTP 5xx, timeouts and connection errors are retried with
 *   full-jitter backoff within a retry budget; other errcodes throw WecomApiError
 *   at once (84061 = relation gone, see isRelationGone).
 * - at most `concurrencyPerEndpoint` requests per API path in flight.
 */
export class WecomClient {
  private readonly apiBase: string;
  private readonly timeoutMs: number;
  private readonly concurrency: number;
  private readonly retry: WecomRetryOptions;
  private readonly budget: RetryBudget;
  private readonly refreshMarginMs: number;
  private readonly cacheKey: string;
  private readonly semaphores = new Map<string, Semaphore>();
  private readonly logger = log('wecom');

  constructor(private readonly options: WecomClientOptions) {
    this.apiBase = options.apiBase.replace(/\/+$/, '');
    this.timeoutMs = options.timeoutMs ?? 10_000;
    this.concurrency = options.concurrencyPerEndpoint ?? 4;
    this.retry = { ...DEFAULT_RETRY, ...options.retry };
    this.budget = new RetryBudget(this.retry.budget);
    this.refreshMarginMs = options.refreshMarginMs ?? 300_000;
    const secretHash = createHash('sha256').update(options.secret).digest('hex').slice(0, 16);
    this.cacheKey = `${this.apiBase}|${options.corpId}|${secretHash}`;
  }

  get corpId(): string {
    return this.options.corpId;
  }

  // ------------------------------------------------------------ token and tickets

  /** The current access token (cached; one gettoken shared by concurrent callers). */
  getAccessToken(): Promise<string> {
    return this.cachedSecret('token', async () => {
      const res = await this.call({
        method: 'GET',
        path: WECOM_PATHS.gettoken,
        query: { corpid: this.options.corpId, corpsecret: this.options.secret },
        schema: tokenResponseSchema,
        auth: false,
      });
      return { value: res.access_token, expiresInSec: res.expires_in };
    });
  }

  /** Drops the cached token (only if it is still `token`, so a fresh one is not thrown away). */
  invalidateToken(token?: string): void {
    const slot = slotFor(`${this.cacheKey}|token`);
    if (token === undefined || slot.cached?.value === token) slot.cached = undefined;
  }

  /** 企业 jsapi_ticket for wx.config (cached until expiry minus margin, single-flight; 100/hour/app). */
  getJsapiTicket(): Promise<string> {
    return this.cachedSecret('jsapi', async () => {
      const res = await this.call({ method: 'GET', path: WECOM_PATHS.getJsapiTicket, schema: ticketResponseSchema });
      return { value: res.ticket, expiresInSec: res.expires_in };
    });
  }

  /** 应用 jsapi_ticket for wx.agentConfig (ticket/get?type=agent_config; cached, single-flight). */
  getAgentConfigTicket(): Promise<string> {
    return this.cachedSecret('agent', async () => {
      const res = await this.call({
        method: 'GET',
        path: WECOM_PATHS.ticketGet,
        query: { type: 'agent_config' },
        schema: ticketResponseSchema,
      });
      return { value: res.ticket, expiresInSec: res.expires_in };
    });
  }

  private cachedSecret(kind: string, fetchNew: () => Promise<{ value: string; expiresInSec: number }>): Promise<string> {
    const slot = slotFor(`${this.cacheKey}|${kind}`);
    if (slot.cached && Date.now() < slot.cached.refreshAt) return Promise.resolve(slot.cached.value);
    if (slot.inflight) return slot.inflight;
    const started = Date.now();
    const inflight = fetchNew()
      .then(({ value, expiresInSec }) => {
        const lifetime = expiresInSec * 1000;
        slot.cached = { value, refreshAt: started + lifetime - Math.min(this.refreshMarginMs, lifetime / 2) };
        return value;
      })
      .finally(() => {
        slot.inflight = undefined;
      });
    slot.inflight = inflight;
    return inflight;
  }

  // ------------------------------------------------------------ directory

  /** GET /department/list — the whole visible tree, or the subtree of `id`. */
  async listDepartments(id?: number): Promise<WecomDepartment[]> {
    const res = await this.call({ method: 'GET', path: WECOM_PATHS.departmentList, query: { id }, schema: departmentListResponseSchema });
    return res.department;
  }

  /** GET /user/list — members (details) directly in one department. */
  async listUsers(departmentId: number): Promise<WecomUser[]> {
    const res = await this.call({
      method: 'GET',
      path: WECOM_PATHS.userList,
      query: { department_id: departmentId },
      schema: userListResponseSchema,
    });
    return res.userlist;
  }

  /** GET /user/simplelist — userid/name/department of members of one department (fetch_child is legacy). */
  async simpleListUsers(departmentId: number, fetchChild = false): Promise<WecomSimpleUser[]> {
    const res = await this.call({
      method: 'GET',
      path: WECOM_PATHS.userSimpleList,
      query: { department_id: departmentId, fetch_child: fetchChild ? 1 : undefined },
      schema: userSimpleListResponseSchema,
    });
    return res.userlist;
  }

  /** GET /user/get — one member (60111 if the userid does not exist). */
  async getUser(userid: string): Promise<WecomUser> {
    const {
      errcode: _c,
      errmsg: _m,
      ...user
    } = await this.call({ method: 'GET', path: WECOM_PATHS.userGet, query: { userid }, schema: userGetResponseSchema });
    return user;
  }

  // ------------------------------------------------------------ customers

  /** GET /externalcontact/get_follow_user_list — userids with 客户联系 enabled, within visibility. */
  async getFollowUserList(): Promise<string[]> {
    const res = await this.call({ method: 'GET', path: WECOM_PATHS.getFollowUserList, schema: followUserListResponseSchema });
    return res.follow_user;
  }

  /** GET /externalcontact/list — external_userids of one member (not paginated). */
  async listExternalContactIds(userid: string): Promise<string[]> {
    const res = await this.call({
      method: 'GET',
      path: WECOM_PATHS.externalContactList,
      query: { userid },
      schema: externalContactListResponseSchema,
    });
    return res.external_userid;
  }

  /** POST /externalcontact/batch/get_by_user — one page (userid_list ≤100, limit ≤100). */
  batchGetByUser(body: BatchGetByUserRequest): Promise<BatchGetByUserResponse> {
    return this.call({ method: 'POST', path: WECOM_PATHS.batchGetByUser, body, schema: batchGetByUserResponseSchema });
  }

  /**
   * All (customer, follower) pairs of the given members, page by page:
   * userids are sent in chunks of ≤100 and each chunk's next_cursor followed to the end.
   */
  async *iterateCustomersByUsers(userids: readonly string[], { limit = 100 }: { limit?: number } = {}): AsyncGenerator<CustomerPage> {
    for (let i = 0; i < userids.length; i += 100) {
      const userid_list = userids.slice(i, i + 100);
      yield* this.followCursor(WECOM_PATHS.batchGetByUser, async (cursor) => {
        const res = await this.batchGetByUser({ userid_list, cursor, limit });
        return { items: res.external_contact_list, next: res.next_cursor };
      });
    }
  }

  /** GET /externalcontact/get — one customer with ALL followers (follows next_cursor over pages of 500). */
  async getExternalContact(externalUserid: string): Promise<ExternalContactDetail> {
    let external_contact: ExternalContact | undefined;
    const follow_user: FollowUser[] = [];
    for await (const page of this.followCursor(WECOM_PATHS.externalContactGet, async (cursor) => {
      const res = await this.call({
        method: 'GET',
        path: WECOM_PATHS.externalContactGet,
        query: { external_userid: externalUserid, cursor },
        schema: externalContactGetResponseSchema,
      });
      external_contact ??= res.external_contact;
      return { items: res.follow_user, next: res.next_cursor };
    })) {
      follow_user.push(...page);
    }
    if (!external_contact) throw new WecomTransportError('invalid_body', WECOM_PATHS.externalContactGet, 'no external_contact in response');
    return { external_contact, follow_user };
  }

  /** POST /externalcontact/remark — sets a member's remark/description/mobiles of a customer. */
  async remark(body: RemarkRequest): Promise<void> {
    await this.call({ method: 'POST', path: WECOM_PATHS.remark, body, schema: okResponseSchema });
  }

  // ------------------------------------------------------------ corp tags

  /** POST /externalcontact/get_corp_tag_list — all groups, or the given tag/group ids. */
  async getCorpTagList(body: GetCorpTagListRequest = {}): Promise<CorpTagGroup[]> {
    const res = await this.call({ method: 'POST', path: WECOM_PATHS.getCorpTagList, body, schema: getCorpTagListResponseSchema });
    return res.tag_group;
  }

  /** POST /externalcontact/add_corp_tag — returns the group holding the new tags. */
  async addCorpTag(body: AddCorpTagRequest): Promise<CorpTagGroup> {
    const res = await this.call({ method: 'POST', path: WECOM_PATHS.addCorpTag, body, schema: addCorpTagResponseSchema });
    return res.tag_group;
  }

  /** POST /externalcontact/edit_corp_tag — renames/reorders a tag or group. */
  async editCorpTag(body: EditCorpTagRequest): Promise<void> {
    await this.call({ method: 'POST', path: WECOM_PATHS.editCorpTag, body, schema: okResponseSchema });
  }

  /** POST /externalcontact/del_corp_tag */
  async delCorpTag(body: DelCorpTagRequest): Promise<void> {
    await this.call({ method: 'POST', path: WECOM_PATHS.delCorpTag, body, schema: okResponseSchema });
  }

  /** POST /externalcontact/mark_tag — adds/removes corp tags on one (member, customer) relation. */
  async markTag(body: MarkTagRequest): Promise<void> {
    await this.call({ method: 'POST', path: WECOM_PATHS.markTag, body, schema: okResponseSchema });
  }

  // ------------------------------------------------------------ acquisition (docs/wecom-acquisition.md)

  /** POST /externalcontact/add_contact_way — a 「联系我」 config; qr_code only for scene 2. */
  async addContactWay(body: AddContactWayRequest): Promise<{ configId: string; qrCode: string | undefined }> {
    const res = await this.call({ method: 'POST', path: WECOM_PATHS.addContactWay, body, schema: addContactWayResponseSchema });
    return { configId: res.config_id, qrCode: res.qr_code };
  }

  /** POST /externalcontact/get_contact_way */
  async getContactWay(configId: string): Promise<ContactWay> {
    const res = await this.call({
      method: 'POST',
      path: WECOM_PATHS.getContactWay,
      body: { config_id: configId },
      schema: getContactWayResponseSchema,
    });
    return res.contact_way;
  }

  /** POST /externalcontact/list_contact_way — every config id created in the window (default: last 90 days), all pages. */
  async listContactWayIds(body: Omit<ListContactWayRequest, 'cursor'> = {}): Promise<string[]> {
    const ids: string[] = [];
    let cursor: string | undefined;
    do {
      const res = await this.call({
        method: 'POST',
        path: WECOM_PATHS.listContactWay,
        body: { ...body, ...(cursor ? { cursor } : {}) },
        schema: listContactWayResponseSchema,
      });
      ids.push(...res.contact_way.map((w) => w.config_id));
      cursor = res.next_cursor || undefined;
    } while (cursor);
    return ids;
  }

  /** POST /externalcontact/update_contact_way — user/party replace the old lists. */
  async updateContactWay(body: UpdateContactWayRequest): Promise<void> {
    await this.call({ method: 'POST', path: WECOM_PATHS.updateContactWay, body, schema: okResponseSchema });
  }

  /** POST /externalcontact/del_contact_way */
  async delContactWay(configId: string): Promise<void> {
    await this.call({ method: 'POST', path: WECOM_PATHS.delContactWay, body: { config_id: configId }, schema: okResponseSchema });
  }

  /** POST /externalcontact/send_welcome_msg — once per welcome code, within 20 s of the add event (41051 after). */
  async sendWelcomeMsg(body: SendWelcomeMsgRequest): Promise<void> {
    await this.call({ method: 'POST', path: WECOM_PATHS.sendWelcomeMsg, body, schema: okResponseSchema });
  }

  /** POST /externalcontact/group_welcome_template/add */
  async addGroupWelcomeTemplate(body: AddGroupWelcomeTemplateRequest): Promise<string> {
    const res = await this.call({
      method: 'POST',
      path: WECOM_PATHS.groupWelcomeTemplateAdd,
      body,
      schema: addGroupWelcomeTemplateResponseSchema,
    });
    return res.template_id;
  }

  /** POST /externalcontact/group_welcome_template/edit */
  async editGroupWelcomeTemplate(body: EditGroupWelcomeTemplateRequest): Promise<void> {
    await this.call({ method: 'POST', path: WECOM_PATHS.groupWelcomeTemplateEdit, body, schema: okResponseSchema });
  }

  /** POST /externalcontact/group_welcome_template/get */
  getGroupWelcomeTemplate(templateId: string) {
    return this.call({
      method: 'POST',
      path: WECOM_PATHS.groupWelcomeTemplateGet,
      body: { template_id: templateId },
      schema: getGroupWelcomeTemplateResponseSchema,
    });
  }

  /** POST /externalcontact/group_welcome_template/del */
  async delGroupWelcomeTemplate(templateId: string): Promise<void> {
    await this.call({
      method: 'POST',
      path: WECOM_PATHS.groupWelcomeTemplateDel,
      body: { template_id: templateId },
      schema: okResponseSchema,
    });
  }

  /** POST /externalcontact/groupchat/add_join_way — ≤ 5 chats; the QR comes from get_join_way. */
  async addJoinWay(body: AddJoinWayRequest): Promise<string> {
    const res = await this.call({ method: 'POST', path: WECOM_PATHS.addJoinWay, body, schema: addJoinWayResponseSchema });
    return res.config_id;
  }

  /** POST /externalcontact/groupchat/get_join_way */
  async getJoinWay(configId: string): Promise<JoinWay> {
    const res = await this.call({
      method: 'POST',
      path: WECOM_PATHS.getJoinWay,
      body: { config_id: configId },
      schema: getJoinWayResponseSchema,
    });
    return res.join_way;
  }

  /** POST /externalcontact/groupchat/update_join_way — a full overwrite. */
  async updateJoinWay(body: UpdateJoinWayRequest): Promise<void> {
    await this.call({ method: 'POST', path: WECOM_PATHS.updateJoinWay, body, schema: okResponseSchema });
  }

  /** POST /externalcontact/groupchat/del_join_way */
  async delJoinWay(configId: string): Promise<void> {
    await this.call({ method: 'POST', path: WECOM_PATHS.delJoinWay, body: { config_id: configId }, schema: okResponseSchema });
  }

  /** POST /media/upload?type= — a temporary media_id, valid 3 days. */
  uploadMedia(type: MediaType, file: UploadFile): Promise<UploadMediaResponse> {
    return this.call({ method: 'POST', path: WECOM_PATHS.mediaUpload, query: { type }, upload: file, schema: uploadMediaResponseSchema });
  }

  /** POST /media/uploadimg — a permanent image URL (welcome messages' image.pic_url). */
  async uploadImage(file: UploadFile): Promise<string> {
    const res = await this.call({ method: 'POST', path: WECOM_PATHS.mediaUploadImg, upload: file, schema: uploadImageResponseSchema });
    return res.url;
  }

  // ------------------------------------------------------------ customer groups

  /** POST /externalcontact/groupchat/list — one page (limit 1…1000 required). */
  listGroupChats(body: GroupChatListRequest): Promise<GroupChatListResponse> {
    return this.call({ method: 'POST', path: WECOM_PATHS.groupChatList, body, schema: groupChatListResponseSchema });
  }

  /** All group chats matching the filter, page by page (follows next_cursor). */
  async *iterateGroupChats(
    filter: Omit<GroupChatListRequest, 'cursor' | 'limit'> = {},
    { limit = 1000 }: { limit?: number } = {},
  ): AsyncGenerator<GroupChatListItem[]> {
    yield* this.followCursor(WECOM_PATHS.groupChatList, async (cursor) => {
      const res = await this.listGroupChats({ ...filter, cursor, limit });
      return { items: res.group_chat_list, next: res.next_cursor };
    });
  }

  /** POST /externalcontact/groupchat/get — details and members of one group (member names with needName). */
  async getGroupChat(chatId: string, needName = true): Promise<GroupChat> {
    const res = await this.call({
      method: 'POST',
      path: WECOM_PATHS.groupChatGet,
      body: { chat_id: chatId, need_name: needName ? 1 : 0 },
      schema: groupChatGetResponseSchema,
    });
    return res.group_chat;
  }

  // ------------------------------------------------------------ statistics

  /** POST /externalcontact/get_user_behavior_data — per-day 联系客户统计 (≤30 days, last 180 days). */
  async getUserBehaviorData(body: UserBehaviorRequest): Promise<BehaviorData[]> {
    const res = await this.call({ method: 'POST', path: WECOM_PATHS.getUserBehaviorData, body, schema: userBehaviorResponseSchema });
    return res.behavior_data;
  }

  /** POST /externalcontact/groupchat/statistic_group_by_day — per-day group statistics. */
  async groupChatStatisticByDay(body: GroupChatStatisticByDayRequest): Promise<GroupChatStatisticByDayResponse['items']> {
    const res = await this.call({
      method: 'POST',
      path: WECOM_PATHS.groupChatStatisticByDay,
      body,
      schema: groupChatStatisticByDayResponseSchema,
    });
    return res.items;
  }

  // ------------------------------------------------------------ 企业群发 (§5.15) and 应用消息 (§5.16)

  /** POST /externalcontact/add_msg_template — creates the members' send tasks; fail_list = unreachable ids. */
  addMsgTemplate(body: AddMsgTemplateRequest): Promise<AddMsgTemplateResponse> {
    return this.call({ method: 'POST', path: WECOM_PATHS.addMsgTemplate, body, schema: addMsgTemplateResponseSchema });
  }

  /** POST /externalcontact/get_groupmsg_list_v2 — one page (span ≤ 1 month). */
  listGroupMsgs(body: GroupMsgListRequest): Promise<GroupMsgListResponse> {
    return this.call({ method: 'POST', path: WECOM_PATHS.groupMsgListV2, body, schema: groupMsgListResponseSchema });
  }

  /** POST /externalcontact/get_groupmsg_task — every member's task of a send (all pages). */
  async groupMsgTasks(msgid: string): Promise<GroupMsgTask[]> {
    const out: GroupMsgTask[] = [];
    for await (const items of this.followCursor(WECOM_PATHS.groupMsgTask, async (cursor) => {
      const res = await this.call({
        method: 'POST',
        path: WECOM_PATHS.groupMsgTask,
        body: { msgid, limit: 1000, cursor },
        schema: groupMsgTaskResponseSchema,
      });
      return { items: res.task_list, next: res.next_cursor };
    }))
      out.push(...items);
    return out;
  }

  /** POST /externalcontact/get_groupmsg_send_result — one member's recipients with their outcome (all pages). */
  async groupMsgSendResults(msgid: string, userid: string): Promise<GroupMsgSendResult[]> {
    const out: GroupMsgSendResult[] = [];
    for await (const items of this.followCursor(WECOM_PATHS.groupMsgSendResult, async (cursor) => {
      const res = await this.call({
        method: 'POST',
        path: WECOM_PATHS.groupMsgSendResult,
        body: { msgid, userid, limit: 1000, cursor },
        schema: groupMsgSendResultResponseSchema,
      });
      return { items: res.send_list, next: res.next_cursor };
    }))
      out.push(...items);
    return out;
  }

  /** POST /externalcontact/remind_groupmsg_send — re-notifies members who have not sent (≤ 3 per 24 h). */
  async remindGroupMsgSend(msgid: string): Promise<void> {
    await this.call({ method: 'POST', path: WECOM_PATHS.remindGroupMsgSend, body: { msgid }, schema: okResponseSchema });
  }

  /** POST /externalcontact/cancel_groupmsg_send — stops pending sends (what was sent stays sent). */
  async cancelGroupMsgSend(msgid: string): Promise<void> {
    await this.call({ method: 'POST', path: WECOM_PATHS.cancelGroupMsgSend, body: { msgid }, schema: okResponseSchema });
  }

  /** POST /message/send — an application message to members through the app's agent. */
  sendAppMessage(message: AppMessage): Promise<SendAppMessageResponse> {
    return this.call({ method: 'POST', path: WECOM_PATHS.messageSend, body: message, schema: sendAppMessageResponseSchema });
  }

  // ------------------------------------------------------------ 在职继承 / 离职继承 (§5.11, §5.17)

  /** POST /externalcontact/get_unassigned_list — every customer of resigned members waiting for a takeover (all pages). */
  async unassignedCustomers(): Promise<UnassignedItem[]> {
    const out: UnassignedItem[] = [];
    for await (const items of this.followCursor(WECOM_PATHS.getUnassignedList, async (cursor) => {
      const res = await this.call({
        method: 'POST',
        path: WECOM_PATHS.getUnassignedList,
        body: { cursor: cursor ?? '', page_size: 1000 },
        schema: unassignedListResponseSchema,
      });
      return { items: res.info, next: res.is_last ? undefined : res.next_cursor };
    }))
      out.push(...items);
    return out;
  }

  /** POST (resigned/)transfer_customer — ≤ 100 customers; per-customer errcode 0 = transfer started (completes after 24 h). */
  transferCustomers(kind: 'onjob' | 'resigned', body: TransferCustomerRequest): Promise<TransferCustomerResponse> {
    const path = kind === 'onjob' ? WECOM_PATHS.transferCustomer : WECOM_PATHS.resignedTransferCustomer;
    return this.call({ method: 'POST', path, body, schema: transferCustomerResponseSchema });
  }

  /** POST (resigned/)transfer_result — the state of every customer handed from one member to another (all pages). */
  async transferResults(kind: 'onjob' | 'resigned', handover: string, takeover: string): Promise<TransferResultItem[]> {
    const path = kind === 'onjob' ? WECOM_PATHS.transferResult : WECOM_PATHS.resignedTransferResult;
    const out: TransferResultItem[] = [];
    for await (const items of this.followCursor(path, async (cursor) => {
      const res = await this.call({
        method: 'POST',
        path,
        body: { handover_userid: handover, takeover_userid: takeover, cursor: cursor ?? '' },
        schema: transferResultResponseSchema,
      });
      return { items: res.customer, next: res.next_cursor };
    }))
      out.push(...items);
    return out;
  }

  /** POST groupchat/transfer (resigned owner) or groupchat/onjob_transfer — ≤ 100 chats; failed_chat_list says which did not move. */
  transferGroupChats(kind: 'onjob' | 'resigned', body: GroupChatTransferRequest): Promise<GroupChatTransferResponse> {
    const path = kind === 'onjob' ? WECOM_PATHS.groupChatOnjobTransfer : WECOM_PATHS.groupChatTransfer;
    return this.call({ method: 'POST', path, body, schema: groupChatTransferResponseSchema });
  }

  // ------------------------------------------------------------ identity

  /** GET /auth/getuserinfo — who an OAuth code belongs to (40029 for a used/expired code). */
  async getUserInfoByCode(code: string): Promise<AuthUserInfo> {
    const {
      errcode: _c,
      errmsg: _m,
      ...info
    } = await this.call({ method: 'GET', path: WECOM_PATHS.authGetUserInfo, query: { code }, schema: authUserInfoResponseSchema });
    return info;
  }

  // ------------------------------------------------------------ plumbing

  /** Pages until next_cursor is empty/absent; a cursor that repeats is an error (never loop forever). */
  private async *followCursor<T>(
    path: string,
    page: (cursor: string | undefined) => Promise<{ items: T[]; next: string | undefined }>,
  ): AsyncGenerator<T[]> {
    const seen = new Set<string>();
    let cursor: string | undefined;
    for (;;) {
      const { items, next } = await page(cursor);
      yield items;
      if (!next) return;
      if (seen.has(next)) throw new WecomTransportError('invalid_body', path, 'next_cursor repeated; stopping pagination');
      seen.add(next);
      cursor = next;
    }
  }

  private semaphore(path: string): Semaphore {
    let s = this.semaphores.get(path);
    if (!s) {
      s = new Semaphore(this.concurrency);
      this.semaphores.set(path, s);
    }
    return s;
  }

  /** One logical call: token, bounded concurrency, retries, validation. */
  private async call<S extends z.ZodType>(spec: CallSpec<S>): Promise<z.infer<S>> {
    const auth = spec.auth ?? true;
    let attempt = 0;
    let tokenRefreshed = false;
    for (;;) {
      attempt++;
      // The token is taken inside the endpoint's slot (request interceptor), so calls queued there get the freshest one.
      const exchange = new WecomExchange(spec.path, this.logger, auth ? () => this.getAccessToken() : undefined);
      try {
        return await this.semaphore(spec.path).run(() => this.once(spec, exchange));
      } catch (err) {
        const token = exchange.token;
        // No token to send: the gettoken call has already retried and logged.
        if (auth && token === undefined) throw err;
        if (token !== undefined && err instanceof WecomApiError && isTokenErrcode(err.errcode) && !tokenRefreshed) {
          tokenRefreshed = true;
          attempt--;
          this.logger.info({ path: spec.path, errcode: err.errcode }, 'access token rejected; refreshing once');
          this.invalidateToken(token);
          continue;
        }
        if (isRetryable(err) && attempt < this.retry.maxAttempts && this.budget.take()) {
          const delay = backoffDelay(attempt, this.retry.baseDelayMs, this.retry.maxDelayMs);
          this.logger.warn({ path: spec.path, attempt, delayMs: delay, failure: describe(err) }, 'WeCom call failed; retrying');
          await sleep(delay);
          continue;
        }
        this.logger.warn({ path: spec.path, attempt, failure: describe(err) }, 'WeCom call failed');
        throw err;
      }
    }
  }

  /**
   * One HTTP exchange through the shared axios instance of apiBase, whose
   * interceptors add the token and throw WecomTransportError / WecomApiError;
   * the body is then validated with the API's schema (WecomSchemaError).
   */
  private async once<S extends z.ZodType>(spec: CallSpec<S>, exchange: WecomExchange): Promise<z.infer<S>> {
    const params = new URLSearchParams();
    for (const [k, v] of Object.entries(spec.query ?? {})) if (v !== undefined) params.set(k, String(v));
    const boundary = spec.upload ? `----daogou${randomBytes(12).toString('hex')}` : '';
    const res = await httpFor(this.apiBase).request<unknown>({
      method: spec.method,
      url: `${this.apiBase}${spec.path}`,
      params,
      headers: spec.upload
        ? { 'content-type': `multipart/form-data; boundary=${boundary}` }
        : spec.method === 'POST'
          ? { 'content-type': 'application/json' }
          : undefined,
      data: spec.upload ? multipartBody(spec.upload, boundary) : spec.method === 'POST' ? JSON.stringify(spec.body ?? {}) : undefined,
      timeout: this.timeoutMs,
      // Every WeCom call is already treated as retryable on connection errors.
      retryStaleSocket: true,
      wecom: exchange,
    });
    const parsed = spec.schema.safeParse(res.data);
    if (!parsed.success) throw new WecomSchemaError(spec.path, issuesOf(parsed.error));
    return parsed.data;
  }
}

function errorMessage(err: unknown): string {
  if (err instanceof Error) {
    const cause = err.cause instanceof Error ? `: ${err.cause.message}` : '';
    return `${err.message}${cause}`;
  }
  return String(err);
}

function describe(err: unknown): Record<string, unknown> {
  if (err instanceof WecomApiError) return { errcode: err.errcode, errmsg: err.errmsg };
  if (err instanceof WecomTransportError) return { kind: err.kind, status: err.status, message: err.message };
  return { message: errorMessage(err) };
}

/**
 * Client options from config: the configured corp in real mode, the simulator
 * corp (SIMULATOR_CORP) otherwise. apiBase is always WECOM_API_BASE (in
 * simulator mode point it at the in-process simulator, or use
 * setWecomClientOptions).
 */
export function wecomClientOptionsFromConfig(config: AppConfig): WecomClientOptions {
  if (config.wecomMode === 'real' && config.WECOM_CORP_ID && config.WECOM_SECRET) {
    return { apiBase: config.WECOM_API_BASE, corpId: config.WECOM_CORP_ID, secret: config.WECOM_SECRET };
  }
  return { apiBase: config.WECOM_API_BASE, corpId: SIMULATOR_CORP.corpId, secret: SIMULATOR_CORP.secret };
}

const overrides = new WeakMap<AppDeps, Partial<WecomClientOptions>>();

/**
 * Overrides client options for one deps (e.g. apiBase of a simulator started
 * on an ephemeral port). Must run before the first wecomClientFor(deps).
 */
export function setWecomClientOptions(deps: AppDeps, options: Partial<WecomClientOptions>): void {
  overrides.set(deps, { ...overrides.get(deps), ...options });
}

/** The WeCom client of this process (one per AppDeps). */
export const wecomClientFor = perDeps(
  (deps: AppDeps) => new WecomClient({ ...wecomClientOptionsFromConfig(deps.config), ...overrides.get(deps) }),
);

/**
 * A second client for calls racing a deadline (the welcome message's 20-second window): its own
 * per-endpoint queues, so they never wait behind a full sync's or the callback processor's calls
 * to the same endpoint. WeCom returns the same access_token to every gettoken while it is valid,
 * so two clients do not invalidate each other's token.
 */
export const wecomUrgentClientFor = perDeps(
  (deps: AppDeps) => new WecomClient({ ...wecomClientOptionsFromConfig(deps.config), ...overrides.get(deps), concurrencyPerEndpoint: 16 }),
);
