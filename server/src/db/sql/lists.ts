/** `?, ?, ?` for an IN list or a VALUES tuple (callers guarantee n > 0). */
export function marks(n: number): string {
  return Array.from({ length: n }, () => '?').join(', ');
}

/** Splits a list into chunks of at most `size`. */
export function chunks<T>(list: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < list.length; i += size) out.push(list.slice(i, i + size));
  return out;
}

/** Bound parameters one statement may carry: SQLITE_MAX_VARIABLE_NUMBER and MySQL's 16-bit placeholder count. */
export const MAX_PARAMS = { sqlite: 32_766, mysql: 65_535 } as const;

/** Rows of `columns` parameters each that fit in `maxParams` (at least one, at most `maxRows`). */
export function rowsPerStatement(columns: number, maxParams: number, maxRows = Number.POSITIVE_INFINITY): number {
  return Math.max(1, Math.min(maxRows, Math.floor(maxParams / Math.max(1, columns))));
}
