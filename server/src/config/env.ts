import { z } from 'zod';

/**
 * Every environment variable the server reads, validated once at boot.
 * A wrong value stops the process with a message naming the variable
 * (see loadConfig). Documented one by one in .env.example and the README.
 */
const optionalString = z
  .string()
  .trim()
  .transform((v) => (v === '' ? undefined : v))
  .optional();

const databaseUrl = z
  .string()
  .trim()
  .regex(/^(mysql|mariadb):\/\/[^\s]+$|^sqlite:.+$/, 'must look like mysql://user:pass@host:3306/db or sqlite:path');

export const envSchema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().default('0.0.0.0'),
  DATABASE_URL: databaseUrl.default('sqlite:./data/app.sqlite'),
  /** Public base URL of this server, used for OAuth redirects and the simulator's callback target. */
  PUBLIC_URL: optionalString.pipe(z.url().optional()),
  /**
   * Behind a reverse proxy: take the client address from the last X-Forwarded-For hop and
   * host/protocol from X-Forwarded-Host/-Proto. Off, those headers are anyone's to forge.
   */
  TRUST_PROXY: optionalString
    .pipe(z.enum(['true', 'false'], { message: 'must be true or false' }).optional())
    .transform((v) => v === 'true'),
  WECOM_CORP_ID: optionalString,
  WECOM_AGENT_ID: optionalString.pipe(z.string().regex(/^\d+$/, 'must be the numeric AgentId').transform(Number).optional()),
  WECOM_SECRET: optionalString,
  WECOM_CALLBACK_TOKEN: optionalString,
  WECOM_CALLBACK_AES_KEY: optionalString.pipe(
    z
      .string()
      .regex(/^[A-Za-z0-9+/]{43}$/, 'must be the 43-character EncodingAESKey')
      .optional(),
  ),
  WECOM_API_BASE: z.url().default('https://qyapi.weixin.qq.com'),
  WECOM_OAUTH_BASE: z.url().default('https://open.weixin.qq.com'),
  SESSION_SECRET: optionalString.pipe(z.string().min(16, 'must be at least 16 characters').optional()),
  REDIS_URL: optionalString.pipe(z.url().optional()),
  ADMIN_USERIDS: z
    .string()
    .default('')
    .transform((v) =>
      v
        .split(',')
        .map((s) => s.trim())
        .filter(Boolean),
    ),
  /** Session cookie lifetime. */
  SESSION_TTL_HOURS: z.coerce
    .number()
    .int()
    .min(1)
    .max(24 * 30)
    .default(12),
  /** HMAC-SHA256 secret of the order webhook (header X-Signature); the webhook is refused while unset. */
  ORDER_WEBHOOK_SECRET: optionalString,
  /** Path of libWeWorkFinanceSdk_C.so; when set, the session archive is read through the official SDK. */
  WECOM_FINANCE_SDK_PATH: optionalString,
  /** Secret of the 会话内容存档 app. */
  WECOM_ARCHIVE_SECRET: optionalString,
  /** JSON object {"<publickey_ver>": "<PEM private key>"} (PKCS#1 or PKCS#8), several versions allowed. */
  WECOM_ARCHIVE_PRIVATE_KEYS: optionalString,
  /** Periodic archive pull interval; 0 disables the schedule (notify callbacks still trigger pulls). */
  ARCHIVE_PULL_INTERVAL_SECONDS: z.coerce.number().int().min(0).default(60),
  /** Redis key prefix of the BullMQ queues; all instances of one deployment share it. */
  JOB_QUEUE_PREFIX: z
    .string()
    .trim()
    .regex(/^[A-Za-z0-9:_-]{1,64}$/, 'letters, digits, : _ - only')
    .default('daogou'),
  /**
   * This process's name in leases, sync runs and the status page (which instance holds which job).
   * Default: hostname:pid. Give each instance of a fleet its own (a container's hostname already is).
   */
  INSTANCE_ID: optionalString.pipe(
    z
      .string()
      .regex(/^[A-Za-z0-9._:-]{1,64}$/, 'letters, digits, . _ : - only (at most 64)')
      .optional(),
  ),
  /** A job holder (sync run, callback consumer, archive puller) silent for longer than this is dead; a live instance takes over. */
  JOB_LEASE_SECONDS: z.coerce.number().int().min(2).max(3600).default(30),
  /** How often a job holder renews its lease (must be well under JOB_LEASE_SECONDS). */
  JOB_HEARTBEAT_SECONDS: z.coerce.number().int().min(1).max(600).default(5),
  /** Asia/Shanghai time of the daily full sync ('HH:MM') or 'off'. */
  SYNC_DAILY_AT: z.union([z.literal('off'), z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, "must be 'HH:MM' or 'off'")]).default('03:00'),
  /** How often the WeCom callback queue is also polled (seconds; 0 = only when woken). */
  CALLBACK_POLL_SECONDS: z.coerce.number().int().min(0).default(30),
  /** A customer message still unanswered after this many minutes is pushed to the guide (0 = never). */
  ALERT_UNANSWERED_MINUTES: z.coerce.number().int().min(0).max(1440).default(30),
  /** Alerts one member receives per hour at most; the rest wait for the next free slot. */
  ALERT_MAX_PER_HOUR: z.coerce.number().int().min(1).max(1000).default(6),
  /** Asia/Shanghai time of the managers' morning digest ('HH:MM') or 'off'. */
  ALERT_DIGEST_AT: z.union([z.literal('off'), z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, "must be 'HH:MM' or 'off'")]).default('09:00'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  /** Load the deterministic demo corp into an empty database at start (simulator mode only). */
  DEMO_SEED: z.enum(['auto', 'off']).default('auto'),
  DEMO_CUSTOMERS: z.coerce.number().int().min(10).max(2_000_000).default(2000),
  /** Connections the server keeps to MySQL/MariaDB (a `connectionLimit` parameter in DATABASE_URL overrides it; unused on SQLite). */
  DATABASE_POOL_SIZE: z.coerce.number().int().positive().max(1000).default(20),
});

export type Env = z.infer<typeof envSchema>;

export class ConfigError extends Error {
  constructor(readonly issues: string[]) {
    super(`Invalid configuration:\n  ${issues.join('\n  ')}`);
    this.name = 'ConfigError';
  }
}

/** Parses the given environment; throws ConfigError naming each bad variable. */
export function parseEnv(source: NodeJS.ProcessEnv): Env {
  const result = envSchema.safeParse(source);
  if (!result.success) {
    throw new ConfigError(result.error.issues.map((issue) => `${issue.path.join('.') || '(root)'}: ${issue.message}`));
  }
  return result.data;
}
