import { EntitySchema } from 'typeorm';
import type { ChannelGroup, ChannelRotation, ChannelWelcome } from '@shared/api/channels.ts';
import { col } from '@server/db/columns.ts';

/** A channel code (渠道活码): one WeCom 「联系我」 QR code whose state is our key. */
export interface Channel {
  id: number;
  name: string;
  channelGroup: ChannelGroup;
  /** ≤ 30 characters; WeCom echoes it as State in the add callback and as follow_user.state. */
  stateKey: string;
  /** The department (store) it belongs to; managers manage the channels of their departments. */
  departmentId: number | null;
  rotation: ChannelRotation;
  /** Most customers one guide takes through this code per Asia/Shanghai day (null = no cap). */
  dailyCap: number | null;
  skipVerify: boolean;
  tagIds: string[];
  welcome: ChannelWelcome;
  expiresAt: Date | null;
  configId: string | null;
  qrCode: string | null;
  /** The userids the WeCom contact way lists right now. */
  currentUserids: string[];
  rrCursor: number;
  createdBy: number | null;
  deletedAt: Date | null;
  createdAt: Date;
  updatedAt: Date;
}

export const ChannelEntity = new EntitySchema<Channel>({
  name: 'Channel',
  tableName: 'channel',
  columns: {
    id: col.id(),
    name: col.str(64),
    channelGroup: col.str(16),
    stateKey: col.str(30),
    departmentId: col.int(true),
    rotation: col.str(16),
    dailyCap: col.int(true),
    skipVerify: col.bool(),
    tagIds: col.json(),
    welcome: col.json(),
    expiresAt: col.date(true),
    configId: col.str(64, true),
    qrCode: col.str(512, true),
    currentUserids: col.json(),
    rrCursor: { type: 'int', default: 0 },
    createdBy: col.int(true),
    deletedAt: col.date(true),
    createdAt: col.createdAt(),
    updatedAt: col.updatedAt(),
  },
  uniques: [{ columns: ['stateKey'] }],
});
