import type { AppDeps } from '@server/context.ts';
import { corpIdentity } from '@server/features/auth/index.ts';
import { wecomClientFor } from '@server/wecom/client.ts';
import { digestAlerts } from './digest.ts';
import { dispatchAlerts, type DispatchOptions, type DispatchResult } from './dispatch.ts';
import { lostAlerts, reminderAlerts, taskAlerts, unansweredAlerts } from './sources.ts';
import { storeAlerts } from './store.ts';

/** The base URL alert cards open: PUBLIC_URL, or this server on localhost in demo mode. */
export function alertBaseUrl(deps: AppDeps): string {
  return (deps.config.PUBLIC_URL ?? `http://localhost:${deps.config.PORT}`).replace(/\/+$/, '');
}

function dispatchOptions(deps: AppDeps): DispatchOptions {
  return {
    client: wecomClientFor(deps),
    agentId: corpIdentity(deps.config).agentId,
    baseUrl: alertBaseUrl(deps),
    maxPerHour: deps.config.ALERT_MAX_PER_HOUR,
  };
}

/** One pass: store the events that became alerts since the last pass (once each), then deliver what is due. */
export async function scanAlerts(deps: AppDeps, now: Date): Promise<{ created: number } & DispatchResult> {
  const { ds } = deps;
  const found = await Promise.all([
    reminderAlerts(ds, now),
    lostAlerts(ds, now),
    unansweredAlerts(ds, now, deps.config.ALERT_UNANSWERED_MINUTES),
    taskAlerts(ds, now),
  ]);
  const created = await storeAlerts(ds, found.flat(), now);
  return { created, ...(await dispatchAlerts(ds, now, dispatchOptions(deps))) };
}

/** The managers' morning digest: stored once per manager and day, delivered at once (quiet hours and the limit still apply). */
export async function sendDigests(deps: AppDeps, now: Date): Promise<{ created: number } & DispatchResult> {
  const digests = await digestAlerts(deps.ds, now, {
    adminUserids: deps.config.ADMIN_USERIDS,
    unansweredMinutes: deps.config.ALERT_UNANSWERED_MINUTES,
  });
  const created = await storeAlerts(deps.ds, digests, now);
  return { created, ...(await dispatchAlerts(deps.ds, now, dispatchOptions(deps))) };
}
