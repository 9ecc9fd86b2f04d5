import { isDemoMode, loadConfig, type AppConfig } from './config/index.ts';
import { configureLogger, log } from './logger.ts';
import { attachDemoSimulator, loadDemoCorp } from './demo/demo-mode.ts';
import { setArchiveOptions } from './features/archive/index.ts';
import { registerFeatureJobs } from './jobs-bootstrap.ts';
import { startServer } from './server.ts';
import { simulatorArchivePrivateKeys } from './simulator/archive/keys.ts';

/** Entry point: validate config (exit with a clear message when wrong), start, stop gracefully on SIGTERM. */
async function main(): Promise<void> {
  let config: AppConfig;
  try {
    config = loadConfig();
  } catch (err) {
    process.stderr.write(`${err instanceof Error ? err.message : String(err)}\n`);
    process.exit(1);
  }
  configureLogger(config.LOG_LEVEL);
  const logger = log('app');
  // In demo mode the OAuth page is the simulator's, on this same origin.
  const demo = isDemoMode(config);
  if (demo && !process.env.WECOM_OAUTH_BASE) config.WECOM_OAUTH_BASE = '';
  const running = await startServer(config);
  const sim = demo ? await attachDemoSimulator(running.deps, running.url) : undefined;
  // A corp served by `npm run sim` (a local WECOM_API_BASE) has the simulator's archive keys unless WECOM_ARCHIVE_PRIVATE_KEYS is set.
  if (!sim) setArchiveOptions(running.deps, { simulatorKeys: simulatorArchivePrivateKeys });
  await registerFeatureJobs(running.deps);
  logger.info({ url: running.url, wecom: config.wecomMode }, `导购助手 listening on ${running.url}`);
  if (sim) {
    loadDemoCorp(running.deps, sim).catch((err: unknown) => logger.error({ err }, 'demo data could not be loaded'));
  }

  const shutdown = (signal: string) => {
    logger.info({ signal }, 'shutting down');
    running.close().then(
      () => process.exit(0),
      (err: unknown) => {
        logger.error({ err }, 'shutdown failed');
        process.exit(1);
      },
    );
  };
  process.once('SIGTERM', () => shutdown('SIGTERM'));
  process.once('SIGINT', () => shutdown('SIGINT'));
}

main().catch((err: unknown) => {
  process.stderr.write(`Failed to start: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
