import { IsNull, Not } from 'typeorm';
import type { AppDeps } from '@server/context.ts';
import { ChannelEntity } from '@server/entities/Channel.ts';
import { subscribe } from '@server/events.ts';
import { jobRunnerFor } from '@server/jobs/index.ts';
import { log } from '@server/logger.ts';
import { selectOne } from '@server/db/sql.ts';
import { parseEventXml } from '@server/wecom/callback-xml.ts';
import { wecomClientFor, wecomUrgentClientFor } from '@server/wecom/client.ts';
import { Semaphore } from '@server/wecom/limits.ts';
import { syncContactWay } from './contact-way-sync.ts';
import { recordGroupJoins } from './join-attribution.ts';
import { handleChannelAdd, type WelcomeOutcome } from './welcome-lane.ts';

export const CHANNEL_ROTATE_JOB = 'channels.rotate';
const ADD_CHANGES = new Set(['add_external_contact', 'add_half_external_contact']);
/** Welcomes sent at once; the rest wait in memory (each has 20 s; one is a channel read and two WeCom calls). */
const WELCOME_CONCURRENCY = 16;
/** Adds recorded at once after their welcome (database writes: a few of the pool's connections, never all). */
const RECORD_CONCURRENCY = 4;

const lanes = new WeakMap<AppDeps, Array<(o: WelcomeOutcome) => void>>();
/** Tests and the bench hear each handled add here. */
export function onWelcomeHandled(deps: AppDeps, listener: (o: WelcomeOutcome) => void): () => void {
  const list = lanes.get(deps) ?? [];
  lanes.set(deps, list);
  list.push(listener);
  return () => list.splice(list.indexOf(listener), 1);
}

const joinListeners = new WeakMap<AppDeps, Array<(attributed: number) => void>>();
/** Tests hear each handled add_member here (how many joins it attributed). */
export function onGroupJoinHandled(deps: AppDeps, listener: (attributed: number) => void): () => void {
  const list = joinListeners.get(deps) ?? [];
  joinListeners.set(deps, list);
  list.push(listener);
  return () => list.splice(list.indexOf(listener), 1);
}

/**
 * The welcome fast lane: every stored add callback is handled at once in this
 * process (bus `callback.stored`), beside the queue processor rather than
 * behind it, so a full sync or a long queue never eats the 20-second window.
 * Also `channels.rotate` every 5 minutes: codes of expired channels are
 * deleted in WeCom, daily caps reset, guides who left are taken off.
 */
export async function registerJobs(deps: AppDeps): Promise<void> {
  const logger = log('wecom', { component: 'welcome' });
  const limits = { welcome: new Semaphore(WELCOME_CONCURRENCY), record: new Semaphore(RECORD_CONCURRENCY) };
  const off = subscribe(deps, 'callback.stored', async (info) => {
    if (info.event !== 'change_external_contact' || !info.changeType || !ADD_CHANGES.has(info.changeType)) return;
    const started = Date.now();
    const row = await selectOne<{ payload: string }>(deps.ds, 'SELECT payload FROM wecom_event WHERE dedupe_key = ?', [info.dedupeKey]);
    if (!row) return;
    const parsed = parseEventXml(row.payload);
    if (parsed.kind !== 'event' || parsed.event.Event !== 'change_external_contact') return;
    const event = parsed.event;
    try {
      const outcome = await handleChannelAdd(deps.ds, wecomUrgentClientFor(deps), event, started, limits);
      for (const l of lanes.get(deps) ?? []) l(outcome);
    } catch (err) {
      logger.error({ err }, 'channel add not handled');
    }
  });
  deps.onClose(off);

  // Group joins through join codes: attributed by the member's state once the chat says who joined.
  const offJoins = subscribe(deps, 'callback.stored', async (info) => {
    if (info.event !== 'change_external_chat' || info.changeType !== 'update') return;
    const row = await selectOne<{ payload: string }>(deps.ds, 'SELECT payload FROM wecom_event WHERE dedupe_key = ?', [info.dedupeKey]);
    if (!row) return;
    const parsed = parseEventXml(row.payload);
    if (parsed.kind !== 'event' || parsed.event.Event !== 'change_external_chat') return;
    try {
      const n = await recordGroupJoins(deps.ds, wecomClientFor(deps), parsed.event);
      for (const l of joinListeners.get(deps) ?? []) l(n);
    } catch (err) {
      logger.error({ err }, 'group join not attributed');
    }
  });
  deps.onClose(offJoins);

  const runner = jobRunnerFor(deps);
  runner.register(CHANNEL_ROTATE_JOB, async () => {
    const channels = await deps.ds.getRepository(ChannelEntity).find({ where: { configId: Not(IsNull()) }, select: { id: true } });
    for (const c of channels) {
      await syncContactWay(deps.ds, wecomClientFor(deps), c.id).catch((err: unknown) =>
        logger.warn({ err, channelId: c.id }, 'channel code not brought in line'),
      );
    }
  });
  await runner.schedule(CHANNEL_ROTATE_JOB, { everyMs: 5 * 60_000 });
}
