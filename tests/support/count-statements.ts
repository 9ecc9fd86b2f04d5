import type { DataSource, Logger } from 'typeorm';

/**
 * Runs `work` and returns the SQL statements the DataSource sent meanwhile (TypeORM hands every
 * statement to its logger before running it, whatever the logging option). Meant for one request
 * at a time: statements of anything else running on the same DataSource are counted too.
 */
export async function statementsDuring(ds: DataSource, work: () => Promise<unknown>): Promise<string[]> {
  const seen: string[] = [];
  const original = ds.logger;
  const counting: Logger = new Proxy(original, {
    get(target, prop, receiver) {
      if (prop === 'logQuery') return (query: string) => seen.push(query.replace(/\s+/g, ' ').trim());
      return Reflect.get(target, prop, receiver) as unknown;
    },
  });
  Object.defineProperty(ds, 'logger', { value: counting, configurable: true, writable: true });
  try {
    await work();
  } finally {
    Object.defineProperty(ds, 'logger', { value: original, configurable: true, writable: true });
  }
  return seen;
}
