import { createHash } from 'node:crypto';
import type { DataSource } from 'typeorm';
import type { MediaAssetView } from '@shared/api/channels.ts';
import { MediaAssetEntity, type MediaAsset } from '@server/entities/MediaAsset.ts';
import { mediaAssetInvalid, mediaAssetNotFound } from '@server/http/error-catalog.ts';
import type { WecomClient } from '@server/wecom/client.ts';

/** A WeCom temporary media_id lives 3 days; re-upload well before, so a send never meets an expired id. */
export const MEDIA_REUSE_MS = 60 * 3_600_000;
/** uploadimg's limit, and plenty for a welcome image. */
export const MAX_IMAGE_BYTES = 2 * 1024 * 1024;

export function imageTypeOf(data: Buffer): 'image/png' | 'image/jpeg' | undefined {
  if (data.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))) return 'image/png';
  if (data[0] === 0xff && data[1] === 0xd8 && data[2] === 0xff) return 'image/jpeg';
  return undefined;
}

export function assetView(a: Pick<MediaAsset, 'id' | 'filename'>): MediaAssetView {
  return { id: a.id, url: `/api/channels/images/${a.id}`, filename: a.filename };
}

/** Stores an uploaded image once per content (sha256); JPG/PNG by their bytes, ≤ 2 MB. */
export async function storeImage(ds: DataSource, data: Buffer, filename: string): Promise<MediaAssetView> {
  const type = imageTypeOf(data);
  if (!type || data.length <= 5 || data.length > MAX_IMAGE_BYTES) throw mediaAssetInvalid();
  const sha256 = createHash('sha256').update(data).digest('hex');
  const repo = ds.getRepository(MediaAssetEntity);
  const existing = await repo.findOne({ where: { sha256 }, select: { id: true, filename: true } });
  if (existing) return assetView(existing);
  const safeName = filename.replace(/[^\w.\-\u4e00-\u9fff]/g, '_').slice(0, 100) || 'image';
  await repo.createQueryBuilder().insert().values({ sha256, filename: safeName, contentType: type, bytes: data }).orIgnore().execute();
  const row = await repo.findOneOrFail({ where: { sha256 }, select: { id: true, filename: true } });
  return assetView(row);
}

/** Throws 404 media_asset_not_found unless every id is a stored image. */
export async function assertAssets(ds: DataSource, ids: readonly number[]): Promise<void> {
  const unique = [...new Set(ids)];
  if (unique.length === 0) return;
  const found = await ds.getRepository(MediaAssetEntity).find({ where: unique.map((id) => ({ id })), select: { id: true } });
  const have = new Set(found.map((a) => a.id));
  const missing = unique.filter((id) => !have.has(id));
  if (missing.length > 0) throw mediaAssetNotFound(missing);
}

/** In-flight uploads per asset, so a burst of welcomes uploads an image once. */
const inflight = new Map<string, Promise<string>>();

/**
 * The WeCom media_id of a stored image: the cached one while it is younger than
 * MEDIA_REUSE_MS (of its 3 days), else uploaded again (media/upload type=image)
 * and remembered. Image welcome messages and image scripts send through this.
 */
export async function mediaIdFor(
  ds: DataSource,
  api: Pick<WecomClient, 'uploadMedia'>,
  assetId: number,
  now = Date.now(),
): Promise<string> {
  const repo = ds.getRepository(MediaAssetEntity);
  const asset = await repo.findOne({ where: { id: assetId }, select: { id: true, mediaId: true, mediaUploadedAt: true } });
  if (!asset) throw mediaAssetNotFound([assetId]);
  if (asset.mediaId && asset.mediaUploadedAt && now - asset.mediaUploadedAt.getTime() < MEDIA_REUSE_MS) return asset.mediaId;
  const key = `${ds.options.database?.toString() ?? ''}|${assetId}`;
  let pending = inflight.get(key);
  if (!pending) {
    pending = (async () => {
      const full = await repo.findOneOrFail({ where: { id: assetId } });
      const res = await api.uploadMedia('image', { filename: full.filename, contentType: full.contentType, data: Buffer.from(full.bytes) });
      await repo.update({ id: assetId }, { mediaId: res.media_id, mediaUploadedAt: new Date(now) });
      return res.media_id;
    })().finally(() => inflight.delete(key));
    inflight.set(key, pending);
  }
  return pending;
}
