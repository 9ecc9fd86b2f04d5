import { randomBytes } from 'node:crypto';
import { parseEnv, type Env } from './env.ts';

export type WecomMode = 'real' | 'simulator';

export interface AppConfig extends Env {
  /** real when a corp is configured, otherwise the built-in simulator stands in for WeCom. */
  wecomMode: WecomMode;
  sessionSecret: string;
}

/** Builds the runtime config: env plus the values derived from it. */
export function buildConfig(env: Env): AppConfig {
  const wecomMode: WecomMode = env.WECOM_CORP_ID ? 'real' : 'simulator';
  if (wecomMode === 'real') {
    const missing = (['WECOM_SECRET', 'WECOM_AGENT_ID', 'SESSION_SECRET'] as const).filter((k) => !env[k]);
    if (missing.length > 0) {
      throw new Error(`Invalid configuration:\n  ${missing.map((k) => `${k}: required when WECOM_CORP_ID is set`).join('\n  ')}`);
    }
  }
  if (env.NODE_ENV === 'production' && !env.SESSION_SECRET) {
    throw new Error('Invalid configuration:\n  SESSION_SECRET: required in production');
  }
  return {
    ...env,
    wecomMode,
    // Demo and tests get a per-process secret: sessions simply do not survive a restart there.
    sessionSecret: env.SESSION_SECRET ?? randomBytes(32).toString('hex'),
  };
}

export function loadConfig(source: NodeJS.ProcessEnv = process.env): AppConfig {
  return buildConfig(parseEnv(source));
}
