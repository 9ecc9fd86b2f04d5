import { channelWecomFailed } from '@server/http/error-catalog.ts';
import { httpFor } from '@server/wecom/http.ts';
import { imageTypeOf } from './media-cache.ts';

/** QR images by config id: WeCom's image for a config never changes. */
const cache = new Map<string, { type: string; data: Buffer }>();
const CACHE_LIMIT = 200;

/**
 * The QR image WeCom made for a contact way, fetched from the qr_code URL its
 * API returned (never a URL from a request) and checked to be a PNG or JPEG
 * before it is passed on for display and printing.
 */
export async function qrPng(configId: string, url: string): Promise<{ type: string; data: Buffer }> {
  const hit = cache.get(configId);
  if (hit) return hit;
  let data: Buffer;
  try {
    const res = await httpFor(url).get<ArrayBuffer>(url, { responseType: 'arraybuffer', timeout: 10_000 });
    if (res.status !== 200) throw new Error(`HTTP ${res.status}`);
    data = Buffer.from(res.data);
  } catch {
    throw channelWecomFailed({ kind: 'qr_image' });
  }
  const type = imageTypeOf(data);
  if (!type) throw channelWecomFailed({ kind: 'qr_image' });
  const image = { type, data };
  if (cache.size >= CACHE_LIMIT) cache.clear();
  cache.set(configId, image);
  return image;
}
