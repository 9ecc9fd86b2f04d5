import { EntitySchema } from 'typeorm';
import type { WelcomeStatus } from '@shared/api/channels.ts';
import { col } from '@server/db/columns.ts';

/** One customer added through a channel code, with what became of the welcome message. */
export interface ChannelAdd {
  id: number;
  channelId: number;
  customerId: number | null;
  staffId: number | null;
  externalUserid: string;
  userid: string;
  addedAt: Date;
  welcomeStatus: WelcomeStatus;
  welcomeError: string | null;
  /** Callback received → send_welcome_msg answered, in ms. */
  welcomeMs: number | null;
  tagsApplied: boolean;
  dedupeKey: string;
  createdAt: Date;
}

export const ChannelAddEntity = new EntitySchema<ChannelAdd>({
  name: 'ChannelAdd',
  tableName: 'channel_add',
  columns: {
    id: col.id(),
    channelId: col.int(),
    customerId: col.int(true),
    staffId: col.int(true),
    externalUserid: col.str(64),
    userid: col.str(64),
    addedAt: col.date(),
    welcomeStatus: col.str(16),
    welcomeError: col.str(255, true),
    welcomeMs: col.int(true),
    tagsApplied: col.bool(),
    dedupeKey: col.str(191),
    createdAt: col.createdAt(),
  },
  uniques: [{ columns: ['dedupeKey'] }],
});
