/**
 * Checks of the two responses in front of the first screen (JS-SDK signatures, the 1v1 open)
 * written by hand instead of with the zod contracts: zod and the contracts are ~100 KB of
 * JavaScript a phone would download and evaluate before painting anything. These check what
 * the first screen reads; the open response is still checked whole against its zod contract
 * right after the paint (see api/open.ts), so a server that drifts fails loudly all the same.
 */
import type { JssdkConfigResponse } from '@shared/api/auth.ts';
import type { CustomerOpenResponse } from '@shared/api/open.ts';
import { ApiError } from './http.ts';

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const isStr = (v: unknown): v is string => typeof v === 'string';
const isNum = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);
const isStrOrNull = (v: unknown): boolean => v === null || isStr(v);

/** The same error the zod path throws for a response that does not match its contract. */
export function badResponse(): ApiError {
  return new ApiError(500, 'bad_response', '服务器返回的数据格式不正确，请刷新后重试');
}

function signature(v: unknown): boolean {
  return isObj(v) && (isNum(v.timestamp) || isStr(v.timestamp)) && isStr(v.nonceStr) && isStr(v.signature);
}

export function checkJssdkConfig(body: unknown): JssdkConfigResponse {
  if (isObj(body) && isStr(body.corpId) && isNum(body.agentId) && signature(body.config) && signature(body.agentConfig))
    return body as unknown as JssdkConfigResponse;
  throw badResponse();
}

function profileLooksRight(p: unknown): boolean {
  if (!isObj(p) || !isNum(p.id) || !isStr(p.name) || !isStrOrNull(p.avatar) || !Array.isArray(p.followers)) return false;
  if (!Array.isArray(p.tagGroups) || !p.tagGroups.every((g) => isObj(g) && isStr(g.name) && Array.isArray(g.tags))) return false;
  const v = p.value;
  return isObj(v) && isStrOrNull(v.rfmSegmentLabel) && isStr(v.lifecycleLabel) && isNum(v.totalSpent) && isNum(v.orderCount);
}

export function checkCustomerOpen(body: unknown): CustomerOpenResponse {
  if (
    isObj(body) &&
    isObj(body.me) &&
    isStr(body.me.userid) &&
    isStr(body.me.role) &&
    profileLooksRight(body.profile) &&
    isObj(body.nextActions) &&
    Array.isArray(body.nextActions.items)
  )
    return body as unknown as CustomerOpenResponse;
  throw badResponse();
}
