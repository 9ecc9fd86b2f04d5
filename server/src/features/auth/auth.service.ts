import type { AppConfig } from '@server/config/index.ts';
import type { AppDeps } from '@server/context.ts';
import { selectOne } from '@server/db/sql.ts';
import { AppError, forbidden } from '@server/http/errors.ts';
import { log } from '@server/logger.ts';
import { wecomClientFor } from '@server/wecom/client.ts';
import { isInvalidOauthCode } from '@server/wecom/errors.ts';
import { SIMULATOR_CORP } from '@server/wecom/simulator-corp.ts';

/** The corp and app identity the sidebar talks to: the configured corp, or the simulator's. */
export function corpIdentity(config: AppConfig): { corpId: string; agentId: number } {
  if (config.wecomMode === 'real' && config.WECOM_CORP_ID) {
    return { corpId: config.WECOM_CORP_ID, agentId: config.WECOM_AGENT_ID ?? 0 };
  }
  return { corpId: SIMULATOR_CORP.corpId, agentId: SIMULATOR_CORP.agentId };
}

/** wecom-api.md §7.1: the silent (snsapi_base) authorize URL. */
export function authorizeUrl(config: AppConfig, redirectUri: string, state: string): string {
  const { corpId, agentId } = corpIdentity(config);
  const base = config.WECOM_OAUTH_BASE.replace(/\/+$/, '');
  const q = new URLSearchParams({
    appid: corpId, redirect_uri: redirectUri, response_type: 'code', scope: 'snsapi_base', state, agentid: String(agentId),
  });
  return `${base}/connect/oauth2/authorize?${q.toString()}#wechat_redirect`;
}

/**
 * Resolves an OAuth code to an active member of our corp. A used/expired code,
 * a non-member (WeChat user) or someone not in our staff table gets no session.
 */
export async function staffForCode(deps: AppDeps, code: string): Promise<{ id: number; userid: string }> {
  let info;
  try {
    info = await wecomClientFor(deps).getUserInfoByCode(code);
  } catch (err) {
    if (isInvalidOauthCode(err)) throw new AppError(400, 'oauth_code_invalid', '登录授权已失效（授权码已使用或已过期），请重新打开应用');
    log('wecom').warn({ err: err instanceof Error ? err.message : String(err) }, 'auth/getuserinfo failed');
    throw new AppError(502, 'wecom_oauth_failed', '暂时无法通过企业微信验证身份，请稍后重试');
  }
  const userid = typeof info.userid === 'string' ? info.userid : undefined;
  if (!userid) throw forbidden('not_corp_member', '只有本企业成员可以使用导购助手');
  const staff = await selectOne<{ id: number; userid: string; status: number }>(
    deps.ds,
    'SELECT id, userid, status FROM staff WHERE userid = ?', [userid],
  );
  if (!staff || Number(staff.status) !== 1) throw forbidden('not_staff', '你的账号未开通导购助手，或已停用，请联系管理员');
  return { id: Number(staff.id), userid: staff.userid };
}
