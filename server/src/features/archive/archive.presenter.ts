import type { ChatMessage } from '@shared/api/archive.ts';

const LABELS: Record<string, string> = {
  text: '', image: '[图片]', voice: '[语音]', video: '[视频]', file: '[文件]', link: '[链接]', emotion: '[表情]',
  card: '[名片]', location: '[位置]', weapp: '[小程序]', chatrecord: '[聊天记录]', markdown: '', mixed: '[图文]',
  meeting_voice_call: '[音频存档]', voip_doc_share: '[共享文档]', redpacket: '[红包]', external_redpacket: '[红包]', calendar: '[日程]',
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

/** Opaque keyset cursor over (msgtime desc, id desc). */
export function encodeCursor(at: Date, id: number): string {
  return Buffer.from(`${at.getTime()}:${id}`).toString('base64url');
}

export function decodeCursor(cursor: string): { at: Date; id: number } | undefined {
  const m = /^(\d+):(\d+)$/.exec(Buffer.from(cursor, 'base64url').toString('utf8'));
  if (!m) return undefined;
  return { at: new Date(Number(m[1])), id: Number(m[2]) };
}
