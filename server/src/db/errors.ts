/**
 * What the database drivers throw, seen from the HTTP layer and the log:
 * whether an error means "the database is out of reach or too busy right now"
 * (worth a 503 and a retry), and a description of a failed query that is safe
 * to log — the statement shape and the driver's code, never the values bound
 * to it (phone numbers, names, remarks).
 */

/** mysql2 / Node socket codes of a database that is down, unreachable, restarting or out of connections. */
const MYSQL_UNAVAILABLE = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENOTFOUND',
  'EAI_AGAIN',
  'PROTOCOL_CONNECTION_LOST',
  'PROTOCOL_SEQUENCE_TIMEOUT',
  'PROTOCOL_ENQUEUE_AFTER_FATAL_ERROR',
  'POOL_CLOSED',
  'ER_CON_COUNT_ERROR',
  'ER_TOO_MANY_USER_CONNECTIONS',
  'ER_SERVER_SHUTDOWN',
  'ER_SERVER_OFFLINE_MODE',
  'ER_LOCK_WAIT_TIMEOUT',
  'ER_LOCK_DEADLOCK',
  'ER_QUERY_INTERRUPTED',
  'ER_CLIENT_INTERACTION_TIMEOUT',
]);

/** TypeORM's errors for a DataSource that is not (or no longer) connected. */
const TYPEORM_UNAVAILABLE = new Set([
  'CannotExecuteNotConnectedError',
  'ConnectionIsNotSetError',
  'QueryRunnerAlreadyReleasedError',
  'PoolClosedError',
]);

type ErrorFields = { name?: unknown; code?: unknown; message?: unknown; fatal?: unknown; driverError?: unknown };

const fieldsOf = (err: unknown): ErrorFields => (typeof err === 'object' && err !== null ? err : {});

/** The driver's error code (mysql2's `code`, better-sqlite3's `SQLITE_…`), looking through TypeORM's QueryFailedError. */
export function driverCode(err: unknown): string | undefined {
  const e = fieldsOf(err);
  if (typeof e.code === 'string') return e.code;
  const inner = fieldsOf(e.driverError);
  return typeof inner.code === 'string' ? inner.code : undefined;
}

/** True when the error says the database cannot serve right now (down, unreachable, busy or locked), not that the query was wrong. */
export function isDatabaseUnavailable(err: unknown): boolean {
  const e = fieldsOf(err);
  const code = driverCode(err);
  if (code && MYSQL_UNAVAILABLE.has(code)) return true;
  if (code && /^SQLITE_(BUSY|LOCKED|CANTOPEN|IOERR|FULL|PROTOCOL)/.test(code)) return true;
  if (typeof e.name === 'string' && TYPEORM_UNAVAILABLE.has(e.name)) return true;
  if (typeof err === 'object' && err !== null && TYPEORM_UNAVAILABLE.has(err.constructor.name)) return true;
  // better-sqlite3 on a closed handle, mysql2 on an ended pool or a dead connection, TypeORM without a pool.
  return (
    typeof e.message === 'string' &&
    /^(The database connection is not open|Pool is closed|Can't add new command when connection is in closed state|Connection is not established with)/.test(
      e.message,
    )
  );
}

const MAX_SQL = 300;

/**
 * Text from a driver with the values taken out: quoted literals that are not plain
 * identifiers become '?', and long digit runs (phones, ids of people) become '*'.
 */
export function withoutValues(text: string): string {
  return text
    .replace(/'(?:[^'\\]|\\.|'')*'/g, (lit) => (/^'[A-Za-z_][\w.$]*'$/.test(lit) ? lit : "'?'"))
    .replace(/\d{5,}/g, (digits) => '*'.repeat(digits.length));
}

/** Whether an error carries a failed statement (TypeORM's QueryFailedError, or a mysql2 error with `sql`). */
export function isQueryError(err: unknown): boolean {
  if (typeof err !== 'object' || err === null) return false;
  return 'parameters' in err || 'driverError' in err || 'sql' in err || 'sqlMessage' in err;
}

export interface SafeQueryError {
  type: string;
  message: string;
  code?: string;
  errno?: number;
  sqlState?: string;
  /** The statement as written (placeholders, not values), truncated. */
  query?: string;
  stack?: string;
}

/** A failed query for the log: statement shape and driver code only; parameters and `sql` (which mysql2 fills with the values) are dropped. */
export function safeQueryError(err: Error & Record<string, unknown>): SafeQueryError {
  const inner = fieldsOf(err.driverError) as Record<string, unknown>;
  const pick = (k: string): unknown => err[k] ?? inner[k];
  const query = typeof err.query === 'string' ? err.query : undefined;
  const out: SafeQueryError = { type: err.constructor.name || err.name, message: withoutValues(err.message) };
  const code = driverCode(err);
  if (code) out.code = code;
  if (typeof pick('errno') === 'number') out.errno = pick('errno') as number;
  if (typeof pick('sqlState') === 'string') out.sqlState = pick('sqlState') as string;
  if (query) out.query = withoutValues(query.length > MAX_SQL ? `${query.slice(0, MAX_SQL)}…` : query);
  if (err.stack) out.stack = withoutValues(err.stack);
  return out;
}

/**
 * An error as one line of text for logs and stored error columns (sync runs, callback events,
 * archive pulls): a failed query's message loses its values (a duplicate phone, a quoted name).
 */
export function errorText(err: unknown): string {
  if (!(err instanceof Error)) return String(err);
  return isQueryError(err) ? withoutValues(err.message) : err.message;
}
