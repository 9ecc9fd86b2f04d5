import { EntitySchema } from 'typeorm';
import { col } from '@server/db/columns.ts';

/** A guide who takes customers through a channel code, in rotation order. */
export interface ChannelGuide {
  id: number;
  channelId: number;
  staffId: number;
  position: number;
}

export const ChannelGuideEntity = new EntitySchema<ChannelGuide>({
  name: 'ChannelGuide',
  tableName: 'channel_guide',
  columns: { id: col.id(), channelId: col.int(), staffId: col.int(), position: { type: 'int', default: 0 } },
  uniques: [{ columns: ['channelId', 'staffId'] }],
});
