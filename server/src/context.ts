import type { DataSource } from 'typeorm';
import type { AppConfig } from './config/index.ts';

/**
 * What features need from the running process; built once in server.ts (or by a test).
 * Long-lived services (WeCom client, job runner…) are created lazily per deps by their
 * own modules (a WeakMap keyed by deps) and register their shutdown with onClose.
 */
export interface AppDeps {
  config: AppConfig;
  ds: DataSource;
  /** Registers a cleanup run at shutdown, after the HTTP server stops and before the pool closes (last registered runs first). */
  onClose(fn: () => Promise<void> | void): void;
}

/** Memoises one instance of a service per AppDeps (so tests with several apps stay isolated). */
export function perDeps<T>(create: (deps: AppDeps) => T): (deps: AppDeps) => T {
  const cache = new WeakMap<AppDeps, T>();
  return (deps) => {
    let value = cache.get(deps);
    if (value === undefined) {
      value = create(deps);
      cache.set(deps, value);
    }
    return value;
  };
}
