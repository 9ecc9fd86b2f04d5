import type { DataSource } from 'typeorm';

/**
 * Versioned in-process caches of corp-wide data that every open reads but that changes rarely
 * (the tag catalog, the next-action rules). Each kind has a row in `data_version`; whatever
 * changes the data bumps its row in the same transaction (bumpDataVersion). The session check
 * reads the sum of the rows with the staff member (DATA_VERSION_COLUMN, no extra statement) and
 * reports it here, so every process of a fleet drops its copies on its first request after a
 * change, wherever the change was made.
 */
export type DataVersionName = 'tag_catalog' | 'nba_rules';

/** A column to add to a statement that runs on every request anyway: the sum of all versions. */
export const DATA_VERSION_COLUMN = '(SELECT SUM(version) FROM data_version) AS data_version';

/** The newest version sum a request saw, per database. */
const observed = new WeakMap<DataSource, number>();

/** Records the version sum a request read (versions only grow, so an older reading never wins). */
export function observeDataVersion(ds: DataSource, raw: unknown): void {
  const v = raw === null || raw === undefined ? 0 : Number(raw);
  if (Number.isFinite(v) && v > (observed.get(ds) ?? -1)) observed.set(ds, v);
}

interface Queryable {
  query(sql: string, params?: unknown[]): Promise<unknown>;
}

/** Marks `name` changed: call it in the transaction that changes the data. */
export async function bumpDataVersion(db: Queryable, ...names: DataVersionName[]): Promise<void> {
  for (const name of names) await db.query('UPDATE data_version SET version = version + 1 WHERE name = ?', [name]);
}

/**
 * `load`, kept per database until the observed version moves on. Until a request has observed a
 * version (a job or CLI on its own) every call reads through. The value is shared: read-only.
 */
export function versionedCache<T>(load: (ds: DataSource) => Promise<T>): (ds: DataSource) => Promise<T> {
  const cache = new WeakMap<DataSource, { version: number; value: Promise<T> }>();
  return (ds) => {
    const version = observed.get(ds);
    if (version === undefined) return load(ds);
    const hit = cache.get(ds);
    if (hit && hit.version === version) return hit.value;
    const value = load(ds);
    cache.set(ds, { version, value });
    value.catch(() => {
      if (cache.get(ds)?.value === value) cache.delete(ds);
    });
    return value;
  };
}
