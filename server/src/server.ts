import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createApp } from './app.ts';
import type { AppConfig } from './config/index.ts';
import type { AppDeps } from './context.ts';
import { openDatabase } from './db/data-source.ts';
import { log } from './logger.ts';

export interface RunningServer {
  deps: AppDeps;
  server: Server;
  url: string;
  /** Stops accepting, lets in-flight requests finish (up to graceMs), then closes the pool. */
  close(graceMs?: number): Promise<void>;
}

/** Opens the database (migrating it), builds the app and listens. Used by main.ts and tests. */
export async function startServer(
  config: AppConfig,
  { port = config.PORT, host = config.HOST }: { port?: number; host?: string } = {},
): Promise<RunningServer> {
  const ds = await openDatabase(config.DATABASE_URL, { poolSize: config.DATABASE_POOL_SIZE });
  const closers: Array<() => Promise<void> | void> = [];
  const deps: AppDeps = { config, ds, onClose: (fn) => closers.push(fn) };
  const app = await createApp(deps);
  const server = app.listen(port, host);
  await new Promise<void>((resolveListen, reject) => {
    server.once('listening', resolveListen);
    server.once('error', reject);
  });
  const address = server.address() as AddressInfo;
  const url = `http://${host === '0.0.0.0' ? '127.0.0.1' : host}:${address.port}`;

  let closing: Promise<void> | undefined;
  const close = (graceMs = 10_000) => {
    closing ??= (async () => {
      const closed = new Promise<void>((done) => server.close(() => done()));
      server.closeIdleConnections();
      const timer = setTimeout(() => server.closeAllConnections(), graceMs);
      await closed;
      clearTimeout(timer);
      for (const fn of closers.reverse()) {
        try {
          await fn();
        } catch (err) {
          log('app').error({ err }, 'shutdown hook failed');
        }
      }
      await ds.destroy();
      log('app').info('server stopped');
    })();
    return closing;
  };
  return { deps, server, url, close };
}
