import { AppError, type ErrorStatus } from './errors.ts';

/**
 * Every error the API answers with, one line each: status, stable id, and the
 * one Chinese message a guide may see. Call sites throw these factories and
 * never spell an id or a message themselves, so an id always means the same
 * words. Variable facts (errcode, tag ids, fields) go in `details`.
 */
export interface ErrorFactory<I extends string, A extends unknown[]> {
  (...args: A): AppError;
  readonly status: ErrorStatus;
  readonly id: I;
  readonly message: string;
}

function define<I extends string, A extends unknown[] = []>(
  status: ErrorStatus,
  id: I,
  message: string,
  details?: (...args: A) => unknown,
  /** Appended after the message where the words alone would leave the reader guessing (e.g. which columns). */
  specifics?: (...args: A) => string,
): ErrorFactory<I, A> {
  const make = (...args: A): AppError =>
    new AppError(status, id, specifics ? `${message}：${specifics(...args)}` : message, details?.(...args));
  return Object.assign(make, { status, id, message });
}

/** A field problem in the shape zod reports it; `path` is joined with dots in the body. */
export interface FieldIssue {
  readonly path: readonly PropertyKey[];
  readonly message: string;
}

/** What a failed WeCom call leaves in `details`: the errcode it answered, or how the transport failed. */
export type WecomCause = { errcode: number } | { kind: string };

const fieldIssues = (issues: readonly FieldIssue[]) => issues.map((i) => ({ path: i.path.map(String).join('.'), message: i.message }));
const tagIds = (ids: ReadonlyArray<string | number>) => ({ tagIds: ids });

// Requests in general
export const invalidInput = define(400, 'invalid_input', '请求参数有误', fieldIssues);
export const valueOutOfRange = define(422, 'value_out_of_range', '金额、数量或日期超出允许范围', fieldIssues);
export const invalidJson = define(400, 'invalid_json', '请求内容不是有效的 JSON');
export const malformedRequest = define(400, 'bad_request', '请求格式有误');
export const invalidCursor = define(400, 'invalid_cursor', '分页参数无效，请刷新后重试');
export const payloadTooLarge = define(413, 'payload_too_large', '请求内容过大');
export const routeNotFound = define(404, 'route_not_found', '接口不存在');
export const internalError = define(500, 'internal_error', '服务器出错了，请稍后再试');

// Sessions and roles
export const unauthenticated = define(401, 'unauthenticated', '请先登录（会话已过期或无效）');
export const sessionRevoked = define(401, 'session_revoked', '账号已停用或不存在，请重新登录');
export const forbiddenRole = define(403, 'forbidden_role', '当前账号没有此操作的权限');

// WeCom OAuth login
export const oauthCallbackInvalid = define(400, 'oauth_callback_invalid', '登录回调缺少授权码，请重新打开应用');
export const oauthStateInvalid = define(400, 'oauth_state_invalid', '登录请求已过期或无效，请重新打开应用');
export const oauthStateMismatch = define(403, 'oauth_state_mismatch', '登录请求不是从当前浏览器发起的，请重新打开应用');
export const oauthCodeInvalid = define(400, 'oauth_code_invalid', '登录授权已失效（授权码已使用或已过期），请重新打开应用');
export const notCorpMember = define(403, 'not_corp_member', '只有本企业成员可以使用导购助手');
export const notStaff = define(403, 'not_staff', '你的账号未开通导购助手，或已停用，请联系管理员');
export const wecomOauthFailed = define(502, 'wecom_oauth_failed', '暂时无法通过企业微信验证身份，请稍后重试');
export const wecomTicketFailed = define(502, 'wecom_ticket_failed', '暂时无法获取企业微信 JS-SDK 授权，请稍后重试');

// Access policy
export const forbiddenCustomer = define(403, 'forbidden_customer', '你没有跟进这位客户，无法查看或操作');
export const forbiddenGroup = define(403, 'forbidden_group', '你不在这个客户群中，无法查看或操作');
export const forbiddenReport = define(403, 'forbidden_report', '你无权查看这位同事或这个部门的数据');
export const forbiddenChat = define(403, 'forbidden_chat', '只能查看自己与客户的聊天记录');
export const forbiddenFollowUp = define(403, 'forbidden_follow_up', '只能修改自己的跟进记录');
export const forbiddenCreateTag = define(403, 'forbidden_create_tag', '只有管理员或店长可以新建标签');

// Staff
export const staffNotFound = define(404, 'staff_not_found', '找不到这位员工');
export const staffInactive = define(403, 'staff_inactive', '该成员已停用或离职，不能登录');
export const cannotDemoteSelf = define(400, 'cannot_demote_self', '不能取消自己的管理员权限，请让其他管理员操作');

// Customers, groups, follow-ups
export const customerNotFound = define(404, 'customer_not_found', '找不到这位客户（可能尚未同步），请稍后再试');
export const groupNotFound = define(404, 'group_not_found', '找不到这个客户群（可能尚未同步），请稍后再试');
export const followUpNotFound = define(404, 'follow_up_not_found', '找不到这条跟进记录');
export const notFollowing = define(409, 'not_following', '你没有添加这位客户，不能修改备注或打标签');

// Tags
export const tagAddRemoveOverlap = define(
  400,
  'tag_add_remove_overlap',
  '同一个标签不能同时添加和移除',
  (ids?: ReadonlyArray<string | number>) => (ids ? tagIds(ids) : undefined),
);
export const unknownTag = define(400, 'unknown_tag', '标签不存在或已被删除，请刷新后重试', tagIds);
export const unknownGroupTag = define(400, 'unknown_group_tag', '群标签不存在，请刷新后重试', tagIds);
export const tagGroupNotFound = define(404, 'tag_group_not_found', '标签组不存在或已被删除');
export const tagExists = define(409, 'tag_exists', '该标签组中已有同名标签');
export const groupTagExists = define(409, 'group_tag_exists', '已有同名的群标签');
export const groupTagNotFound = define(404, 'group_tag_not_found', '群标签不存在或已被删除');
export const singleChoiceConflict = define(
  400,
  'single_choice_conflict',
  '单选标签组一次只能选一个标签',
  (group: string) => ({ group }),
  (group) => group,
);

// Profile fields (渐进式画像)
export const profileFieldNotFound = define(404, 'profile_field_not_found', '资料字段不存在或已被删除');
export const profileFieldExists = define(409, 'profile_field_exists', '已有同名的资料字段');
export const invalidFieldValue = define(
  400,
  'invalid_field_value',
  '资料字段的值不符合要求',
  (fields: ReadonlyArray<{ key: string; message: string }>) => ({ fields }),
  (fields) => fields.map((f) => f.message).join('；'),
);

// WeCom writes made on the actor's behalf
export const relationGone = define(409, 'relation_gone', '该客户已不在你的客户列表中（好友关系已解除），无法操作', (errcode: number) => ({
  errcode,
}));
export const wecomPermissionDenied = define(
  403,
  'wecom_permission_denied',
  '企业微信拒绝了这次操作：应用没有相应权限',
  (errcode: number) => ({ errcode }),
);
export const wecomRemarkFailed = define(502, 'wecom_remark_failed', '企业微信修改备注失败，请稍后重试', (cause: WecomCause) => cause);
export const wecomMarkTagFailed = define(502, 'wecom_mark_tag_failed', '企业微信打标签失败，请稍后重试', (cause: WecomCause) => cause);
export const wecomAddCorpTagFailed = define(
  502,
  'wecom_add_corp_tag_failed',
  '企业微信新建标签失败，请稍后重试',
  (cause?: WecomCause) => cause,
);

// Scripts (话术库)
export const scriptNotFound = define(404, 'script_not_found', '话术不存在或已被删除');
export const scriptFolderNotFound = define(404, 'script_folder_not_found', '文件夹不存在');
export const scriptMediaMissing = define(409, 'script_media_missing', '这条图片话术还没有上传到企业微信素材库，暂时无法发送');
export const scriptNotOffered = define(409, 'script_not_offered', '这条话术不在有效期内（或今天不是它适用的节日），不能发送');
export const scriptTextNotEditable = define(400, 'script_text_not_editable', '只有文字话术可以在发送前修改内容');
export const invalidFolder = define(400, 'invalid_folder', '所选文件夹不存在或不能放入这条话术');
export const folderCycle = define(400, 'folder_cycle', '不能把文件夹移动到它自己或它的子文件夹中');
export const folderNotEmpty = define(409, 'folder_not_empty', '文件夹中还有话术或子文件夹，请先移走再删除');

// Session archive
export const sensitiveWordExists = define(409, 'sensitive_word_exists', '这个敏感词已经存在');
export const sensitiveWordNotFound = define(404, 'sensitive_word_not_found', '找不到这个敏感词');

// Orders
export const orderWebhookDisabled = define(503, 'order_webhook_disabled', '订单接口未启用：服务器未配置 ORDER_WEBHOOK_SECRET');
export const invalidSignature = define(401, 'invalid_signature', '签名校验失败：X-Signature 缺失或不正确');
export const unsupportedMediaType = define(415, 'unsupported_media_type', '请以 text/csv 上传订单 CSV');
export const csvEmpty = define(400, 'csv_empty', 'CSV 文件为空');
export const csvMissingColumns = define(
  400,
  'csv_missing_columns',
  'CSV 缺少必需的列',
  (columns: readonly string[]) => ({ columns }),
  (columns) => columns.join(', '),
);

// 群发
export const groupSendNotFound = define(404, 'group_send_not_found', '找不到这条群发');
export const forbiddenGroupSend = define(403, 'forbidden_group_send', '你无权查看或操作这条群发');
export const groupSendNoRecipients = define(
  422,
  'group_send_no_recipients',
  '没有可发送的客户或客户群（不符合筛选条件，或今天都已收到过群发）',
);
export const groupSendRemindLimit = define(409, 'group_send_remind_limit', '每条群发 24 小时内最多提醒 3 次');
export const groupSendNotCancellable = define(409, 'group_send_not_cancellable', '这条群发已全部发送或已取消，不能再取消');
export const wecomGroupSendFailed = define(
  502,
  'wecom_group_send_failed',
  '企业微信群发操作失败，请稍后重试',
  (cause: WecomCause) => cause,
);

// SOP rules and tasks
export const sopRuleNotFound = define(404, 'sop_rule_not_found', '找不到这条 SOP 规则');
export const taskNotFound = define(404, 'task_not_found', '找不到这个任务');
export const forbiddenTask = define(403, 'forbidden_task', '只能完成或忽略自己的任务');
export const taskNotOpen = define(409, 'task_not_open', '这个任务已完成或已忽略');

// Sync
export const syncRunNotFound = define(404, 'sync_run_not_found', '找不到这次同步');

// WeCom callbacks
export const wecomCallbackNotConfigured = define(503, 'wecom_callback_not_configured', '企业微信回调未配置');
export const wecomCallbackBadSignature = define(401, 'wecom_callback_bad_signature', '回调签名校验失败');
export const wecomCallbackWrongCorp = define(403, 'wecom_callback_wrong_corp', '回调不属于本企业');
export const wecomCallbackUndecryptable = define(400, 'wecom_callback_undecryptable', '回调内容无法解密');
export const wecomCallbackBadBody = define(400, 'wecom_callback_bad_body', '回调内容格式有误');
export const wecomCallbackBadEvent = define(400, 'wecom_callback_bad_event', '回调事件格式有误');

// Transfers (在职/离职继承)
export const forbiddenTransfer = define(403, 'forbidden_transfer', '只能转交你所管理部门内导购的客户');
export const transferJobNotFound = define(404, 'transfer_job_not_found', '找不到这次转交');
export const transferNothingSelected = define(422, 'transfer_nothing_selected', '筛选条件下没有可转交的客户');
export const transferCountChanged = define(
  409,
  'transfer_count_changed',
  '筛选结果已变化，请重新确认人数',
  (count: number) => ({ count }),
  (count) => `现在是 ${count} 位`,
);
export const transferTakeoverInvalid = define(
  422,
  'transfer_takeover_invalid',
  '接替成员无效：须为在职且开启客户联系的导购，且不能是原跟进人',
);
export const transferHandoverInvalid = define(422, 'transfer_handover_invalid', '原跟进人不在你管理的部门或所选门店');
export const transferMessageNotAllowed = define(422, 'transfer_message_not_allowed', '离职继承不会给客户发送提示语');

// Simulator (demo mode only)
export const simulatorAdminLocalOnly = define(403, 'simulator_admin_local_only', '模拟器管理接口只允许在本机访问');

// HTTP methods
export const methodNotAllowed = define(405, 'method_not_allowed', '该接口不支持此请求方法');
export const methodNotImplemented = define(501, 'method_not_implemented', '服务器不支持此请求方法');

// Database
export const databaseUnavailable = define(503, 'database_unavailable', '数据库暂时不可用，请稍后再试');

// Channel codes (渠道活码) and group join codes
export const channelNotFound = define(404, 'channel_not_found', '找不到这个渠道码（可能已删除）');
export const forbiddenChannel = define(403, 'forbidden_channel', '你只能管理自己部门的渠道码');
export const channelNoGuide = define(400, 'channel_no_guide', '所选导购都无法接待客户（已离职、停用或未开通客户联系），请换一位导购');
export const channelWecomFailed = define(
  502,
  'channel_wecom_failed',
  '企业微信暂时无法保存渠道码，请稍后重试',
  (cause: WecomCause) => cause,
);
export const mediaAssetInvalid = define(400, 'media_asset_invalid', '图片须为 JPG 或 PNG，且不超过 2 MB');
export const mediaAssetNotFound = define(404, 'media_asset_not_found', '找不到这张图片，请重新上传', (ids: readonly number[]) => ({ ids }));
export const joinWayNotFound = define(404, 'join_way_not_found', '找不到这个群活码（可能已删除）');
export const unknownGroupChat = define(400, 'unknown_group_chat', '有客户群不存在或已解散，请重新选择', (chatIds: readonly string[]) => ({
  chatIds,
}));
