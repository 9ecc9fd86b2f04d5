import type { AppConfig } from '@server/config/index.ts';
import type { AppDeps } from '@server/context.ts';
import { notCorpMember, notStaff, oauthCodeInvalid, wecomOauthFailed } from '@server/http/error-catalog.ts';
import { selectOne } from '@server/db/sql.ts';
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
    appid: corpId,
    redirect_uri: redirectUri,
    response_type: 'code',
    scope: 'snsapi_base',
    state,
    agentid: String(agentId),
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
    if (isInvalidOauthCode(err)) throw oauthCodeInvalid();
    log('wecom').warn({ err: err instanceof Error ? err.message : String(err) }, 'auth/getuserinfo failed');
    throw wecomOauthFailed();
  }
  const userid = typeof info.userid === 'string' ? info.userid : undefined;
  if (!userid) throw notCorpMember();
  const staff = await selectOne<{ id: number; userid: string; status: number }>(
    deps.ds,
    'SELECT id, userid, status FROM staff WHERE userid = ?',
    [userid],
  );
  if (!staff || Number(staff.status) !== 1) throw notStaff();
  return { id: Number(staff.id), userid: staff.userid };
}
