import { AppError } from '@server/http/errors.ts';
import { isPermissionDenied, isRelationGone, WecomApiError, WecomTransportError } from '@server/wecom/errors.ts';

/**
 * Turns an error from a WeCom write (mark_tag, remark, add_corp_tag…) into the
 * API's vocabulary: 409 relation_gone for 84061, 403 wecom_permission_denied,
 * otherwise 502 `wecom_<action>_failed` (errcode in details). Non-WeCom errors pass through.
 */
export function wecomFailure(err: unknown, action: string, what: string): unknown {
  if (isRelationGone(err)) {
    return new AppError(409, 'relation_gone', '该客户已不在你的客户列表中（好友关系已解除），无法操作', { errcode: err.errcode });
  }
  if (isPermissionDenied(err)) {
    return new AppError(403, 'wecom_permission_denied', `企业微信拒绝了${what}：应用没有相应权限`, { errcode: err.errcode });
  }
  if (err instanceof WecomApiError) {
    return new AppError(502, `wecom_${action}_failed`, `企业微信${what}失败（错误码 ${err.errcode}），请稍后重试`, { errcode: err.errcode });
  }
  if (err instanceof WecomTransportError) {
    return new AppError(502, `wecom_${action}_failed`, `暂时无法连接企业微信，${what}未完成，请稍后重试`, { kind: err.kind });
  }
  return err;
}
