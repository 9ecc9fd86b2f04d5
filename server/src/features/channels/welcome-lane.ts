import type { DataSource } from 'typeorm';
import type { WelcomeStatus } from '@shared/api/channels.ts';
import { renderScript, type ScriptVars } from '@shared/scripts/render.ts';
import { shanghaiDay } from '@shared/time.ts';
import { scriptVarsFor } from '@shared/scripts/vars.ts';
import { ChannelEntity, type Channel } from '@server/entities/Channel.ts';
import { ChannelAddEntity } from '@server/entities/ChannelAdd.ts';
import { insertIgnore, marks, nowSeconds, select, selectOne } from '@server/db/sql.ts';
import { log } from '@server/logger.ts';
import type { ChangeExternalContactEvent } from '@server/wecom/callback-xml.ts';
import type { ExternalContactDetail, WecomClient } from '@server/wecom/client.ts';
import { WecomApiError, isInvalidExternalUserid, isRelationGone } from '@server/wecom/errors.ts';
import type { WelcomeAttachment } from '@server/wecom/schemas-acquisition.ts';
import { writeContactBatch, type ContactFollowInput } from '@server/features/sync/index.ts';
import { isExpired, syncContactWay } from './contact-way-sync.ts';
import { mediaIdFor } from './media-cache.ts';
import { retryOnClash } from './write-retry.ts';
import { Semaphore } from '@server/wecom/limits.ts';

export type WelcomeApi = Pick<
  WecomClient,
  'getExternalContact' | 'sendWelcomeMsg' | 'markTag' | 'uploadMedia' | 'addContactWay' | 'updateContactWay' | 'delContactWay'
>;

/** The add event fields the lane needs. */
export type AddEvent = Pick<
  ChangeExternalContactEvent,
  'ChangeType' | 'UserID' | 'ExternalUserID' | 'State' | 'WelcomeCode' | 'CreateTime'
>;

export interface WelcomeOutcome {
  channelId: number | null;
  status: WelcomeStatus | 'not_a_channel';
  ms: number;
}

/** 41050 (invalid / too late) and 41051 (already chatting, or another app used the code): the window is gone, never retried. */
export function isWindowMissed(err: unknown): boolean {
  return err instanceof WecomApiError && (err.errcode === 41050 || err.errcode === 41051);
}

/**
 * Variables of a welcome, from the one shared source of script variables: a new friend has no
 * 称呼 yet, so {客户称呼} is their WeChat name — never a remark, which is the guide's private note
 * and may not even exist yet — and {节日} only on a day of the holiday calendar.
 */
async function welcomeVars(ds: DataSource, userid: string, customerName: string, now: Date): Promise<ScriptVars> {
  const guide = await selectOne<{ name: string; store: string | null }>(
    ds,
    'SELECT s.name, d.name AS store FROM staff s LEFT JOIN department d ON d.id = s.main_department_id WHERE s.userid = ?',
    [userid],
  );
  return scriptVarsFor({
    guide: { name: guide?.name ?? '', store: guide?.store ?? null },
    now,
    customer: { name: customerName, salutation: null },
  });
}

/** The channel's attachments in send_welcome_msg's shape; images by their (cached, re-uploaded when old) media ids. */
async function attachmentsOf(ds: DataSource, api: WelcomeApi, c: Channel, vars: ScriptVars): Promise<WelcomeAttachment[]> {
  return Promise.all(
    c.welcome.attachments.map(async (a): Promise<WelcomeAttachment> => {
      switch (a.type) {
        case 'image':
          return { msgtype: 'image', image: { media_id: await mediaIdFor(ds, api, a.assetId) } };
        case 'link':
          return {
            msgtype: 'link',
            link: {
              title: renderScript(a.title, vars),
              url: a.url,
              ...(a.desc ? { desc: renderScript(a.desc, vars) } : {}),
              ...(a.imgUrl ? { picurl: a.imgUrl } : {}),
            },
          };
        case 'miniprogram':
          return {
            msgtype: 'miniprogram',
            miniprogram: {
              title: renderScript(a.title, vars),
              appid: a.appid,
              page: a.page,
              pic_media_id: await mediaIdFor(ds, api, a.assetId),
            },
          };
      }
    }),
  );
}

/** Sends the welcome with the event's code; what became of it. */
async function sendWelcome(
  ds: DataSource,
  api: WelcomeApi,
  c: Channel,
  e: AddEvent,
  detail: ExternalContactDetail | null,
  now: Date,
): Promise<{ status: WelcomeStatus; error: string | null }> {
  if (!c.welcome.text && c.welcome.attachments.length === 0) return { status: 'none', error: null };
  if (!e.WelcomeCode) return { status: 'no_code', error: null };
  try {
    const vars = await welcomeVars(ds, e.UserID, detail?.external_contact.name ?? '', now);
    const text = renderScript(c.welcome.text, vars);
    const attachments = await attachmentsOf(ds, api, c, vars);
    await api.sendWelcomeMsg({
      welcome_code: e.WelcomeCode,
      ...(text ? { text: { content: text } } : {}),
      ...(attachments.length > 0 ? { attachments } : {}),
    });
    return { status: 'sent', error: null };
  } catch (err) {
    if (isWindowMissed(err)) return { status: 'window_missed', error: `errcode ${(err as WecomApiError).errcode}` };
    return { status: 'failed', error: (err instanceof Error ? err.message : String(err)).slice(0, 255) };
  }
}

/** Upserts the customer and relation (with the tags just added) the way the sync does, so the add is visible at once. */
async function writeRelation(ds: DataSource, detail: ExternalContactDetail, addedTags: string[], userid: string): Promise<void> {
  const items: ContactFollowInput[] = detail.follow_user.map((f) => {
    const tagIds = (f.tags ?? []).flatMap((t) => (t.tag_id && t.type !== 2 ? [t.tag_id] : []));
    return {
      contact: detail.external_contact,
      follow: { ...f, tagIds: f.userid === userid ? [...new Set([...tagIds, ...addedTags])] : tagIds },
    };
  });
  const userids = [...new Set(items.map((i) => i.follow.userid))];
  if (userids.length === 0) return;
  const staff = await select<{ id: number; userid: string }>(
    ds,
    `SELECT id, userid FROM staff WHERE userid IN (${marks(userids.length)})`,
    userids,
  );
  const staffIds = new Map(staff.map((s) => [s.userid, Number(s.id)]));
  await ds.transaction(async (m) => {
    await writeContactBatch(m, items, { now: nowSeconds(), source: 'callback', staffIds });
  });
}

/** Serializes the rotation update per channel, so concurrent adds move the code in order. */
const rotationChains = new WeakMap<DataSource, Map<number, Promise<unknown>>>();
function afterRotation(ds: DataSource, channelId: number, fn: () => Promise<unknown>): Promise<unknown> {
  let chains = rotationChains.get(ds);
  if (!chains) {
    chains = new Map();
    rotationChains.set(ds, chains);
  }
  const next = (chains.get(channelId) ?? Promise.resolve()).then(fn, fn);
  chains.set(channelId, next);
  return next;
}

/** Resolves once the code's pending rotation updates are done (tests and the bench wait on it). */
export function whenRotated(ds: DataSource, channelId: number): Promise<unknown> {
  return rotationChains.get(ds)?.get(channelId) ?? Promise.resolve();
}

/**
 * The fast lane of an add through a channel code (add_external_contact /
 * add_half_external_contact with State): resolve the channel from the state,
 * send the welcome inside WeCom's 20-second window, apply the channel's tags,
 * record the relation and the add, and move the code to the next guide.
 * Runs as soon as the callback is stored (the queue processor later re-reads
 * the same relation; every write here is idempotent with it).
 */
/**
 * Bounds on the two halves of an add: the welcome (a channel read and two WeCom calls, racing the 20 s window)
 * and the bookkeeping after it (tags, relation, the add row — database writes). Separate, so welcomes never
 * wait behind writes and the writes never take every database connection.
 */
export interface AddLimits {
  welcome: Semaphore;
  record: Semaphore;
}

export async function handleChannelAdd(
  ds: DataSource,
  api: WelcomeApi,
  e: AddEvent,
  started = Date.now(),
  limits: AddLimits = { welcome: new Semaphore(1), record: new Semaphore(1) },
): Promise<WelcomeOutcome> {
  const logger = log('wecom', { component: 'welcome' });
  const state = e.State?.trim();
  if (!state) return { channelId: null, status: 'not_a_channel', ms: 0 };
  const first = await limits.welcome.run(async () => {
    const c = await ds.getRepository(ChannelEntity).findOne({ where: { stateKey: state } });
    if (!c) return null;
    const now = new Date();
    const live = !c.deletedAt && !isExpired(c, now);
    let detail: ExternalContactDetail | null = null;
    try {
      detail = await api.getExternalContact(e.ExternalUserID);
    } catch (err) {
      if (!isRelationGone(err) && !isInvalidExternalUserid(err)) logger.warn({ err, channelId: c.id }, 'welcome: customer not readable');
    }
    const welcome = live ? await sendWelcome(ds, api, c, e, detail, now) : { status: 'expired_channel' as const, error: null };
    return { c, now, live, detail, welcome, ms: Date.now() - started };
  });
  if (!first) return { channelId: null, status: 'not_a_channel', ms: 0 };
  return limits.record.run(() => recordAdd(ds, api, e, first));
}

/** After the welcome: the channel's tags, the relation, the add row, and the code moved to the next guide. */
async function recordAdd(
  ds: DataSource,
  api: WelcomeApi,
  e: AddEvent,
  {
    c,
    now,
    live,
    detail,
    welcome,
    ms,
  }: {
    c: Channel;
    now: Date;
    live: boolean;
    detail: ExternalContactDetail | null;
    welcome: { status: WelcomeStatus; error: string | null };
    ms: number;
  },
): Promise<WelcomeOutcome> {
  const logger = log('wecom', { component: 'welcome' });

  let tagsApplied = false;
  if (live && c.tagIds.length > 0 && detail) {
    try {
      await api.markTag({ userid: e.UserID, external_userid: e.ExternalUserID, add_tag: c.tagIds });
      tagsApplied = true;
    } catch (err) {
      logger.warn({ err, channelId: c.id }, 'channel tags not applied');
    }
  }
  if (detail) {
    // The sync's relation writer and the queue processor may be writing the same customer at this moment: a
    // deadlock or a key taken meanwhile is tried again. Should it still fail, the add is recorded all the same
    // (the queue processor writes the relation; the report finds the customer by external userid).
    const relation = detail;
    await retryOnClash(() => writeRelation(ds, relation, tagsApplied ? c.tagIds : [], e.UserID)).catch((err: unknown) =>
      logger.warn({ err, channelId: c.id }, 'welcome: relation not written, left to the queue processor'),
    );
  }

  const ids = await selectOne<{ customer_id: number | null; staff_id: number | null }>(
    ds,
    `SELECT (SELECT id FROM customer WHERE external_userid = ?) AS customer_id, (SELECT id FROM staff WHERE userid = ?) AS staff_id`,
    [e.ExternalUserID, e.UserID],
  );
  const addedAt = new Date(Number(e.CreateTime) * 1000 || now.getTime());
  await retryOnClash(() =>
    insertIgnore(ds.manager, ChannelAddEntity, [
      {
        channelId: c.id,
        customerId: ids?.customer_id != null ? Number(ids.customer_id) : null,
        staffId: ids?.staff_id != null ? Number(ids.staff_id) : null,
        externalUserid: e.ExternalUserID,
        userid: e.UserID,
        addedAt,
        welcomeStatus: welcome.status,
        welcomeError: welcome.error,
        welcomeMs: welcome.status === 'sent' || welcome.status === 'window_missed' ? ms : null,
        tagsApplied,
        // One add per relation per channel and day: add_half_external_contact and the add that follows count once.
        dedupeKey: `channel_add:${c.id}:${e.ExternalUserID}:${e.UserID}:${shanghaiDay(addedAt)}`,
      },
    ]),
  );
  logger.info({ channelId: c.id, welcome: welcome.status, ms, tagsApplied }, 'channel add handled');

  // Not awaited: the next welcome must not wait for this code's WeCom update (the chain keeps the updates in order).
  void afterRotation(ds, c.id, () =>
    syncContactWay(ds, api, c.id, { advancedFrom: e.UserID }).catch((err: unknown) =>
      logger.warn({ err, channelId: c.id }, 'channel code not moved to the next guide'),
    ),
  );
  return { channelId: c.id, status: welcome.status, ms };
}
