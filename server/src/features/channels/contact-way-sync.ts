import type { DataSource } from 'typeorm';
import { ChannelEntity, type Channel } from '@server/entities/Channel.ts';
import { channelNoGuide, channelWecomFailed } from '@server/http/error-catalog.ts';
import { log } from '@server/logger.ts';
import type { WecomClient } from '@server/wecom/client.ts';
import { WecomApiError, WecomTransportError } from '@server/wecom/errors.ts';
import type { AddContactWayRequest } from '@server/wecom/schemas-acquisition.ts';
import { guideFacts } from './guide-facts.ts';
import { pickGuides } from './rotation.ts';

export type ContactWayApi = Pick<WecomClient, 'addContactWay' | 'updateContactWay' | 'delContactWay'>;

/** A WeCom failure as the channel API's 502 (errcode or transport kind in details); anything else as is. */
export function channelWecomError(err: unknown): unknown {
  if (err instanceof WecomApiError) return channelWecomFailed({ errcode: err.errcode });
  if (err instanceof WecomTransportError) return channelWecomFailed({ kind: err.kind });
  return err;
}

export function isExpired(c: Pick<Channel, 'expiresAt'>, now: Date): boolean {
  return c.expiresAt !== null && c.expiresAt.getTime() <= now.getTime();
}

/**
 * The contact way's fields: always type 2 (多人) so guides can change without
 * a new QR code to print, scene 2 (QR), our key as state, the channel's name as remark.
 */
export function contactWayFields(c: Pick<Channel, 'name' | 'stateKey' | 'skipVerify'>, userids: string[]): AddContactWayRequest {
  return { type: 2, scene: 2, remark: [...c.name].slice(0, 30).join(''), skip_verify: c.skipVerify, state: c.stateKey, user: userids };
}

/** Who the channel's code should list now (rotation, caps, departed guides skipped). */
export async function currentPick(ds: DataSource, c: Channel, now = new Date()): Promise<{ userids: string[]; cursor: number }> {
  const guides = await guideFacts(ds, [c.id], now);
  return pickGuides(guides, c.rotation, c.rrCursor, c.dailyCap);
}

/** Creates the WeCom contact way of a new channel; 400 channel_no_guide when nobody can take customers. */
export async function createContactWay(
  api: ContactWayApi,
  c: Channel,
  userids: string[],
): Promise<{ configId: string; qrCode: string | null }> {
  if (userids.length === 0) throw channelNoGuide();
  try {
    const res = await api.addContactWay(contactWayFields(c, userids));
    return { configId: res.configId, qrCode: res.qrCode ?? null };
  } catch (err) {
    throw channelWecomError(err);
  }
}

/**
 * Brings the WeCom code in line with the channel: the guides the rotation picks
 * now, skip-verify, state, remark. After an add, `advancedFrom` is the guide who
 * took it (round-robin moves past them). Expired channels have their code
 * deleted so WeCom refuses further scans. Returns what WeCom lists afterwards.
 */
export async function syncContactWay(
  ds: DataSource,
  api: ContactWayApi,
  channelId: number,
  { now = new Date(), advancedFrom, force = false }: { now?: Date; advancedFrom?: string; force?: boolean } = {},
): Promise<string[]> {
  const repo = ds.getRepository(ChannelEntity);
  const c = await repo.findOne({ where: { id: channelId } });
  if (!c || !c.configId) return [];
  if (c.deletedAt || isExpired(c, now)) {
    await api.delContactWay(c.configId).catch((err: unknown) => {
      // Already gone in WeCom (41044) is what we wanted.
      if (!(err instanceof WecomApiError && err.errcode === 41044)) throw err;
    });
    await repo.update({ id: c.id }, { configId: null, currentUserids: [] });
    log('wecom', { component: 'channels' }).info({ channelId: c.id }, 'channel code expired or deleted: WeCom contact way removed');
    return [];
  }
  const guides = await guideFacts(ds, [c.id], now);
  let cursor = c.rrCursor;
  if (advancedFrom !== undefined) {
    const i = guides.findIndex((g) => g.userid === advancedFrom);
    if (i >= 0) cursor = (i + 1) % Math.max(1, guides.length);
  }
  const pick = pickGuides(guides, c.rotation, cursor, c.dailyCap);
  const same = pick.userids.length === c.currentUserids.length && pick.userids.every((u, i) => c.currentUserids[i] === u);
  if (pick.userids.length > 0 && (!same || force)) {
    const { type: _type, scene: _scene, ...fields } = contactWayFields(c, pick.userids);
    await api.updateContactWay({ config_id: c.configId, ...fields });
  }
  await repo.update({ id: c.id }, { rrCursor: pick.cursor, ...(pick.userids.length > 0 ? { currentUserids: pick.userids } : {}) });
  return pick.userids.length > 0 ? pick.userids : c.currentUserids;
}
