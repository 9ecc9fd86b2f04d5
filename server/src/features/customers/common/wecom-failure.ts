import type { AppError } from '@server/http/errors.ts';
import { relationGone, wecomPermissionDenied, type WecomCause } from '@server/http/error-catalog.ts';
import { isPermissionDenied, isRelationGone, WecomApiError, WecomTransportError } from '@server/wecom/errors.ts';

/**
 * Turns an error from a WeCom write (mark_tag, remark, add_corp_tag…) into the
 * API's vocabulary: 409 relation_gone for 84061, 403 wecom_permission_denied,
 * otherwise the write's own 502 `wecom_<write>_failed` (errcode or transport kind in
 * details). Non-WeCom errors pass through.
 */
export function wecomFailure(err: unknown, failed: (cause: WecomCause) => AppError): unknown {
  if (isRelationGone(err)) {
    return relationGone(err.errcode);
  }
  if (isPermissionDenied(err)) {
    return wecomPermissionDenied(err.errcode);
  }
  if (err instanceof WecomApiError) {
    return failed({ errcode: err.errcode });
  }
  if (err instanceof WecomTransportError) {
    return failed({ kind: err.kind });
  }
  return err;
}
