import { EntitySchema } from 'typeorm';
import { col } from '@server/db/columns.ts';

/** An uploaded image (welcome attachments, covers) and the WeCom temporary media id it has now (3 days). */
export interface MediaAsset {
  id: number;
  sha256: string;
  filename: string;
  contentType: string;
  bytes: Buffer;
  mediaId: string | null;
  mediaUploadedAt: Date | null;
  createdAt: Date;
}

export const MediaAssetEntity = new EntitySchema<MediaAsset>({
  name: 'MediaAsset',
  tableName: 'media_asset',
  columns: {
    id: col.id(),
    sha256: col.str(64),
    filename: col.str(128),
    contentType: col.str(64),
    bytes: { type: 'blob' },
    mediaId: col.str(255, true),
    mediaUploadedAt: col.date(true),
    createdAt: col.createdAt(),
  },
  uniques: [{ columns: ['sha256'] }],
});
