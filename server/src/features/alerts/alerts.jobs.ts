import type { AppDeps } from '@server/context.ts';
import { jobRunnerFor } from '@server/jobs/index.ts';
import { scanAlerts, sendDigests } from './scan.ts';

export const ALERTS_SCAN_JOB = 'alerts.scan';
export const ALERTS_DIGEST_JOB = 'alerts.digest';

/**
 * `alerts.scan` every minute (new events become alerts, due alerts are delivered) and
 * `alerts.digest` each morning at ALERT_DIGEST_AT. Scheduled jobs run once per tick across
 * a fleet (BullMQ); each alert is stored once (dedupe key) and claimed before it is sent, so
 * even two overlapping runs deliver it once. `clock` is injectable for tests.
 */
export async function registerJobs(deps: AppDeps, clock: () => Date = () => new Date()): Promise<void> {
  const runner = jobRunnerFor(deps);
  runner.register(ALERTS_SCAN_JOB, async () => scanAlerts(deps, clock()));
  runner.register(ALERTS_DIGEST_JOB, async () => sendDigests(deps, clock()));
  await runner.schedule(ALERTS_SCAN_JOB, { everyMs: 60_000 });
  if (deps.config.ALERT_DIGEST_AT !== 'off') await runner.schedule(ALERTS_DIGEST_JOB, { dailyAt: deps.config.ALERT_DIGEST_AT });
}
