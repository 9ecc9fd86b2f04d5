import { z } from 'zod';
import type { ChatMessage } from '@shared/api/archive.ts';
import { cursorCodec } from '@server/db/sql.ts';

const LABELS: Record<string, string> = {
  text: '',
  image: '[图片]',
  voice: '[语音]',
  video: '[视频]',
  file: '[文件]',
  link: '[链接]',
  emotion: '[表情]',
  card: '[名片]',
  location: '[位置]',
  weapp: '[小程序]',
  chatrecord: '[聊天记录]',
  markdown: '',
  mixed: '[图文]',
  meeting_voice_call: '[音频存档]',
  voip_doc_share: '[共享文档]',
  redpacket: '[红包]',
  external_redpacket: '[红包]',
  calendar: '[日程]',
};

/** Short Chinese label of a message type for the transcript ([图片]…). */
export function msgtypeLabel(msgtype: string): string {
  return LABELS[msgtype] ?? '[消息]';
}

export interface TranscriptRow {
  id: number;
  msgid: string;
  direction: 'in' | 'out';
  msgtype: string;
  text: string | null;
  msgtime: Date;
  revoked: boolean;
}

/** One transcript row as the API returns it. */
export function presentChatMessage(row: TranscriptRow, flags: string[]): ChatMessage {
  return {
    msgid: row.msgid,
    direction: row.direction,
    msgtype: row.msgtype,
    text: row.text,
    label: msgtypeLabel(row.msgtype),
    at: row.msgtime.toISOString(),
    revoked: row.revoked,
    flags,
  };
}

/** Keyset cursor over (msgtime desc, id desc): [epoch ms, id] of the last row shown. */
export const messageCursor = cursorCodec(z.tuple([z.number().int().nonnegative(), z.number().int().nonnegative()]));
