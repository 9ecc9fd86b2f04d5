import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import { ConfigError, parseEnv, type Env } from './env.ts';

export type WecomMode = 'real' | 'simulator';

export interface AppConfig extends Env {
  /** real when a corp is configured, otherwise the built-in simulator stands in for WeCom. */
  wecomMode: WecomMode;
  sessionSecret: string;
  /** INSTANCE_ID, or hostname:pid: who holds a lease or runs a sync. */
  instanceId: string;
}

/**
 * What production cannot run without: a real corp (so never the open demo), its callbacks,
 * a session secret that survives restarts and the public URL OAuth redirects to.
 * WECOM_SECRET is the sidebar app's secret, which also carries the 客户联系 access.
 */
export const PRODUCTION_REQUIRED = [
  'WECOM_CORP_ID',
  'WECOM_AGENT_ID',
  'WECOM_SECRET',
  'WECOM_CALLBACK_TOKEN',
  'WECOM_CALLBACK_AES_KEY',
  'SESSION_SECRET',
  'PUBLIC_URL',
] as const;

/** Builds the runtime config: env plus the values derived from it. */
export function buildConfig(env: Env): AppConfig {
  const wecomMode: WecomMode = env.WECOM_CORP_ID ? 'real' : 'simulator';
  if (env.NODE_ENV === 'production') {
    const missing = PRODUCTION_REQUIRED.filter((k) => env[k] === undefined);
    if (missing.length > 0) throw new ConfigError(missing.map((k) => `${k}: required in production (the demo simulator never runs there)`));
  } else if (wecomMode === 'real') {
    const missing = (['WECOM_SECRET', 'WECOM_AGENT_ID', 'SESSION_SECRET'] as const).filter((k) => !env[k]);
    if (missing.length > 0) throw new ConfigError(missing.map((k) => `${k}: required when WECOM_CORP_ID is set`));
  }
  if (env.JOB_HEARTBEAT_SECONDS * 2 > env.JOB_LEASE_SECONDS) {
    throw new ConfigError(['JOB_HEARTBEAT_SECONDS: must be at most half of JOB_LEASE_SECONDS (a lease must survive a missed heartbeat)']);
  }
  return {
    ...env,
    wecomMode,
    // Demo and tests get a per-process secret: sessions simply do not survive a restart there.
    sessionSecret: env.SESSION_SECRET ?? randomBytes(32).toString('hex'),
    instanceId: env.INSTANCE_ID ?? `${hostname().slice(0, 48)}:${process.pid}`,
  };
}

/**
 * Demo mode: the built-in simulator, its dev login and admin API. buildConfig already refuses
 * production without a corp; this also holds for a config assembled by hand.
 */
export function isDemoMode(config: Pick<AppConfig, 'wecomMode' | 'NODE_ENV'>): boolean {
  return config.wecomMode === 'simulator' && config.NODE_ENV !== 'production';
}

export function loadConfig(source: NodeJS.ProcessEnv = process.env): AppConfig {
  return buildConfig(parseEnv(source));
}
