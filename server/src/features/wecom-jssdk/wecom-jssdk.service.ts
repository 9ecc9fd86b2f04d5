import type { JssdkConfigResponse } from '@shared/api/auth.ts';
import type { AppDeps } from '@server/context.ts';
import { wecomTicketFailed } from '@server/http/error-catalog.ts';
import { log } from '@server/logger.ts';
import { wecomClientFor } from '@server/wecom/client.ts';
import { corpIdentity } from '@server/features/auth/index.ts';
import { jssdkSignature, nonce } from './signature.ts';

/**
 * Signatures for ww.register: the corp jsapi_ticket signs `config`, the app's
 * agent_config ticket signs `agentConfig` (both cached by the WeCom client).
 */
export async function jssdkConfig(deps: AppDeps, url: string, now = new Date()): Promise<JssdkConfigResponse> {
  const client = wecomClientFor(deps);
  let tickets: [string, string];
  try {
    tickets = await Promise.all([client.getJsapiTicket(), client.getAgentConfigTicket()]);
  } catch (err) {
    log('wecom').warn({ err: err instanceof Error ? err.message : String(err) }, 'jsapi ticket failed');
    throw wecomTicketFailed();
  }
  const timestamp = Math.floor(now.getTime() / 1000);
  const sign = (ticket: string) => {
    const nonceStr = nonce();
    return { timestamp, nonceStr, signature: jssdkSignature(ticket, nonceStr, timestamp, url) };
  };
  return { ...corpIdentity(deps.config), config: sign(tickets[0]), agentConfig: sign(tickets[1]) };
}
