import { SIMULATOR_CORP } from '@server/wecom/simulator-corp.ts';

export const PRODUCTION_PUBLIC_URL = 'https://scrm.example.com';

/**
 * A complete production configuration (everything production refuses to start without),
 * with the simulator corp's credentials so a simulator can stand in for WeCom in tests.
 */
export const PRODUCTION_ENV: Record<string, string> = {
  NODE_ENV: 'production',
  WECOM_CORP_ID: SIMULATOR_CORP.corpId,
  WECOM_AGENT_ID: String(SIMULATOR_CORP.agentId),
  WECOM_SECRET: SIMULATOR_CORP.secret,
  WECOM_CALLBACK_TOKEN: SIMULATOR_CORP.callbackToken,
  WECOM_CALLBACK_AES_KEY: SIMULATOR_CORP.callbackAesKey,
  SESSION_SECRET: 'a-production-session-secret-of-enough-length',
  PUBLIC_URL: PRODUCTION_PUBLIC_URL,
};
