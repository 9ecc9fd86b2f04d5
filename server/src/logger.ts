import { pino, type DestinationStream, type Level, type Logger, type LoggerOptions } from 'pino';
import { isQueryError, safeQueryError } from './db/errors.ts';

export type LogCategory = 'app' | 'http' | 'db' | 'wecom' | 'sync' | 'archive' | 'jobs' | 'auth' | 'orders' | 'rfm' | 'reports';

/**
 * Keys whose values never reach a log in clear. pino's redaction works on
 * paths, so the common shapes (top level and one level down) are listed.
 */
const SECRET_KEYS = [
  'secret',
  'corpsecret',
  'access_token',
  'accessToken',
  'token',
  'ticket',
  'password',
  'authorization',
  'cookie',
  'set-cookie',
  'encodingAesKey',
  'aesKey',
  'sessionSecret',
  'mobile',
  'phone',
  'mobiles',
  'remark_mobiles',
  'tel',
  'privateKey',
];
const redactPaths = SECRET_KEYS.flatMap((k) => [k, `*.${k}`, `*.*.${k}`, `req.headers.${k}`]);

/**
 * Errors of failed queries carry their bound values (TypeORM's `parameters`,
 * mysql2's `sql` with the values spliced in): those are logged as statement
 * shape and driver code only.
 */
function serializeErr(err: unknown): unknown {
  if (err instanceof Error && isQueryError(err)) return safeQueryError(err as Error & Record<string, unknown>);
  return pino.stdSerializers.err(err as Error);
}

const options = (level: string): LoggerOptions => ({
  level,
  redact: { paths: redactPaths, censor: '[redacted]' },
  serializers: { err: serializeErr },
  base: undefined,
  timestamp: pino.stdTimeFunctions.isoTime,
});

let root: Logger = pino(options(process.env.LOG_LEVEL ?? (process.env.NODE_ENV === 'test' ? 'silent' : 'info')));

/** Replaces the root logger (level from config; stdout unless `destination`); children made after this follow it. */
export function configureLogger(level: string, destination?: DestinationStream): void {
  root = destination ? pino(options(level), destination) : pino(options(level));
}

/** Whether the root logger writes `level` (to skip building a line nobody will see). */
export function logEnabled(level: Level): boolean {
  return root.isLevelEnabled(level);
}

/** A logger for one category; every line carries `cat` so logs can be filtered by concern. */
export function log(category: LogCategory, bindings: Record<string, unknown> = {}): Logger {
  return root.child({ cat: category, ...bindings });
}

/** Masks a phone number for display or logs: 138****5678. */
export function maskPhone(phone: string): string {
  const digits = phone.replace(/\s+/g, '');
  if (digits.length < 7) return '*'.repeat(digits.length);
  return `${digits.slice(0, 3)}****${digits.slice(-4)}`;
}

/** Strips query-string secrets (access_token, corpsecret, code) from a URL before logging it. */
export function safeUrl(url: string): string {
  return url.replace(/([?&](?:access_token|corpsecret|code|ticket|secret)=)[^&]*/gi, '$1***');
}
