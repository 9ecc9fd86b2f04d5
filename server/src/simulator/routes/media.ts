import { randomBytes } from 'node:crypto';
import type { ApiRoutes } from '@server/simulator/api.ts';
import type { SimContext } from '@server/simulator/context.ts';
import type { MultipartFile } from '@server/simulator/multipart.ts';
import { WxError } from '@server/simulator/wx-error.ts';
import { MEDIA_TYPES, type MediaType } from '@server/wecom/schemas-acquisition.ts';

const MB = 1024 * 1024;
/** Size limits of media/upload per type (§5.18.1); every file must be over 5 bytes. */
const MAX_BYTES: Record<MediaType, number> = { image: 10 * MB, voice: 2 * MB, video: 10 * MB, file: 20 * MB };
const UPLOADIMG_MAX_BYTES = 2 * MB;

/** JPG or PNG by their magic bytes. */
export function isJpegOrPng(data: Buffer): boolean {
  const png = data.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
  const jpeg = data[0] === 0xff && data[1] === 0xd8 && data[2] === 0xff;
  return png || jpeg;
}

function oneFile(files: MultipartFile[] | undefined): MultipartFile {
  // WeCom names the part `media`; any single file part is taken [I] (§5.18.2).
  const file = files?.find((f) => f.name === 'media') ?? files?.[0];
  if (!file) throw new WxError(40058, 'media part missing');
  return file;
}

/** 素材 (§5.18): media/upload (temporary, 3 days) and media/uploadimg (permanent URL). */
export function mediaRoutes(routes: ApiRoutes, ctx: SimContext): void {
  const acq = ctx.state.acquisition;

  routes.add({
    method: 'POST',
    path: '/cgi-bin/media/upload',
    body: 'multipart',
    handler: ({ query, files }) => {
      const type = query.get('type') ?? '';
      if (!(MEDIA_TYPES as readonly string[]).includes(type)) throw new WxError(40004, `type=${type}`);
      const mediaType = type as MediaType;
      const file = oneFile(files);
      if (file.data.length <= 5) throw new WxError(40006);
      if (file.data.length > MAX_BYTES[mediaType]) throw new WxError(mediaType === 'image' ? 40009 : 45001);
      if (mediaType === 'image' && !isJpegOrPng(file.data)) throw new WxError(40123, 'image must be JPG or PNG');
      const mediaId = `3${randomBytes(30).toString('base64url')}`;
      const createdAt = acq.now();
      acq.media.set(mediaId, { type, filename: file.filename, contentType: file.contentType, bytes: file.data, createdAt });
      // errmsg "" and created_at as a string, as in the official sample.
      return { errcode: 0, errmsg: '', type, media_id: mediaId, created_at: String(Math.floor(createdAt / 1000)) };
    },
  });

  routes.add({
    method: 'POST',
    path: '/cgi-bin/media/uploadimg',
    body: 'multipart',
    handler: ({ files, origin }) => {
      const file = oneFile(files);
      if (file.data.length <= 5 || file.data.length > UPLOADIMG_MAX_BYTES) throw new WxError(40009);
      if (!isJpegOrPng(file.data)) throw new WxError(40123, 'image must be JPG or PNG');
      const key = randomBytes(20).toString('hex');
      acq.images.set(key, {
        type: 'image',
        filename: file.filename,
        contentType: file.contentType,
        bytes: file.data,
        createdAt: acq.now(),
      });
      return { errcode: 0, errmsg: '', url: `${origin}/sim/img/${key}` };
    },
  });
}
