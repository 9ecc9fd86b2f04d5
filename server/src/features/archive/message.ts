import { z } from 'zod';

/** One record of GetChatData's `chatdata` (wecom-api.md §10.3). */
export const chatDataItemSchema = z.object({
  seq: z.number().int().nonnegative(),
  msgid: z.string().min(1).max(128),
  publickey_ver: z.number().int(),
  encrypt_random_key: z.string().min(1),
  encrypt_chat_msg: z.string().min(1),
});
export type ChatDataItem = z.infer<typeof chatDataItemSchema>;

/** GetChatData's output slice (also what the simulator's /sim/finance/getchatdata answers). */
export const getChatDataResultSchema = z.object({
  errcode: z.number().int(),
  errmsg: z.string().default(''),
  chatdata: z.array(chatDataItemSchema).default([]),
});
export type GetChatDataResult = z.infer<typeof getChatDataResultSchema>;

const switchMessageSchema = z.object({
  msgid: z.string().min(1).max(128),
  action: z.literal('switch'),
  time: z.number().int(),
  user: z.string(),
});

const chatMessageSchema = z.looseObject({
  msgid: z.string().min(1).max(128),
  action: z.enum(['send', 'recall']),
  from: z.string().max(64),
  tolist: z.array(z.string()).default([]),
  roomid: z.string().max(64).default(''),
  msgtime: z.number().int(),
  msgtype: z.string().max(32),
});

/** A decrypted archive message (§10.4): a `switch` log record or a send/recall chat message. */
export const archivedMessageSchema = z.union([switchMessageSchema, chatMessageSchema]);
export type SwitchMessage = z.infer<typeof switchMessageSchema>;
export type ChatMessage = z.infer<typeof chatMessageSchema>;

/**
 * A record whose plaintext is not a message we understand (bad JSON, undocumented
 * shape). Kept verbatim rather than failing the batch, so one odd record never
 * stalls the archive; it derives nothing.
 */
export interface UnparsedMessage {
  msgid: string;
  action: 'unparsed';
  /** The plaintext (truncated) and why it was not understood. */
  raw: string;
  error: string;
}
export type ArchivedMessage = z.infer<typeof archivedMessageSchema> | UnparsedMessage;

/** One message as a source yields it: its seq plus the decrypted message. */
export interface ArchiveRecord {
  seq: number;
  msgid: string;
  message: ArchivedMessage;
}

export const textPayloadSchema = z.object({ content: z.string() });
export const linkPayloadSchema = z.object({ title: z.string().default(''), description: z.string().default('') });
export const revokePayloadSchema = z.object({ pre_msgid: z.string() });
export const agreePayloadSchema = z.object({ userid: z.string(), agree_time: z.number().int().optional() });
export const disagreePayloadSchema = z.object({ userid: z.string(), disagree_time: z.number().int().optional() });

/**
 * Parses decrypted message JSON. Archive text may carry raw control characters that
 * strict JSON rejects (wecom-api.md §10.4), so bytes < 0x20 become spaces first.
 */
export function parseArchivedMessage(json: string): z.infer<typeof archivedMessageSchema> {
  // eslint-disable-next-line no-control-regex
  const cleaned = json.replace(/[\u0000-\u001f]/g, ' ');
  return archivedMessageSchema.parse(JSON.parse(cleaned));
}

/** parseArchivedMessage, or an UnparsedMessage carrying the plaintext when it is not a known shape. */
export function parseOrKeep(msgid: string, json: string): ArchivedMessage {
  try {
    return parseArchivedMessage(json);
  } catch (err) {
    return { msgid, action: 'unparsed', raw: json.slice(0, 4000), error: err instanceof Error ? err.message.slice(0, 500) : String(err) };
  }
}

/** External contacts (customers, WeChat users) have wm/wo-prefixed ids; members have plain userids. */
export function isExternalId(id: string): boolean {
  return id.startsWith('wm') || id.startsWith('wo');
}

/** The searchable plain text of a chat message (null when its type carries none). */
export function messageText(msg: ChatMessage): string | null {
  const payload = msg[msg.msgtype];
  if (msg.msgtype === 'text') {
    const p = textPayloadSchema.safeParse(payload);
    return p.success ? p.data.content : null;
  }
  if (msg.msgtype === 'link') {
    const p = linkPayloadSchema.safeParse(payload);
    return p.success ? `${p.data.title} ${p.data.description}`.trim() : null;
  }
  if (msg.msgtype === 'markdown') {
    const p = textPayloadSchema.safeParse(msg.info);
    return p.success ? p.data.content : null;
  }
  return null;
}
