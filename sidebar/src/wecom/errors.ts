/** Why a WeCom JS-SDK call failed, in words a guide can act on. */
export type WecomErrorKind = 'not_wecom' | 'denied' | 'no_context' | 'timeout' | 'cancelled' | 'failed';

const MESSAGES: Record<WecomErrorKind, string> = {
  not_wecom: '请在企业微信中打开：当前浏览器不是企业微信客户端',
  denied: '没有权限读取当前聊天：请联系管理员为本应用开启「客户联系」权限，并把你加入应用的可见范围',
  no_context: '没有识别到当前聊天对象：请从客户聊天窗口的侧边栏打开',
  timeout: '企业微信响应超时，请关闭侧边栏后重新打开',
  cancelled: '已取消',
  failed: '企业微信接口调用失败，请稍后重试',
};

export class WecomError extends Error {
  constructor(
    readonly kind: WecomErrorKind,
    readonly detail = '',
  ) {
    super(MESSAGES[kind]);
    this.name = 'WecomError';
  }
}

/**
 * The SDK rejects with its normalised result object ({errMsg, errCode}), not an Error.
 * errMsg looks like "getCurExternalContact:fail no permission" (see wecom-api.md §11.3).
 */
export function toWecomError(raw: unknown): WecomError {
  if (raw instanceof WecomError) return raw;
  const errMsg = typeof raw === 'object' && raw !== null && 'errMsg' in raw && typeof raw.errMsg === 'string' ? raw.errMsg : '';
  const lower = errMsg.toLowerCase();
  if (/permission|denied|no auth|not allow/.test(lower)) return new WecomError('denied', errMsg);
  if (/without context|no context|not support entry|invalid entry/.test(lower)) return new WecomError('no_context', errMsg);
  if (/cancel/.test(lower)) return new WecomError('cancelled', errMsg);
  return new WecomError('failed', errMsg);
}
