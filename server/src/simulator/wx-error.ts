import { randomInt } from 'node:crypto';
import type { WxBody } from './types.ts';

/** errmsg texts as seen in real answers (wecom-api.md §3; exact wording is not guaranteed by WeCom). */
const MESSAGES: Record<number, string> = {
  [-1]: 'system busy',
  40001: 'invalid credential',
  40003: 'invalid userid',
  40013: 'invalid corpid',
  40014: 'invalid access_token',
  40029: 'invalid code',
  40056: 'invalid agentid',
  40008: 'invalid message type',
  40058: 'invalid Request Parameter',
  40068: 'invalid tagid',
  40071: 'invalid tag name',
  40096: 'invalid external userid',
  40097: 'the user is not resigned',
  40128: 'transfer too frequently',
  40129: 'the customer is being transferred',
  40130: 'handover and takeover are the same',
  40131: 'handover is not the follower',
  90500: 'the owner of this chat is not resigned',
  40004: 'invalid media type',
  40005: 'invalid file type',
  40006: 'invalid file size',
  40007: 'invalid media_id',
  40009: 'invalid image size',
  40123: 'invalid image format',
  41037: 'missing contact way type',
  41038: 'missing contact way scene',
  41039: 'invalid contact way type',
  41040: 'invalid contact way scene',
  41041: 'contact way user count exceeds limit',
  41042: 'invalid contact way style',
  41043: 'missing contact way config_id',
  41044: 'invalid contact way config_id',
  41049: 'missing welcome code',
  41050: 'invalid welcome code',
  41051: 'externaluser has started chatting',
  41055: 'group welcome template count exceeds limit',
  41058: 'no privilege to edit this group welcome template',
  45001: 'media size out of limit',
  60123: 'invalid party id',
  84074: 'no external contact privilege',
  41001: 'access_token missing',
  41033: 'missing description',
  41035: 'missing external userid',
  41046: 'missing msgid',
  41047: 'invalid msgid',
  41048: 'no customer to send',
  41064: 'attachments count exceeds limit',
  41065: 'invalid attachment type',
  45034: 'url must have protocol',
  81013: 'user & party & tag all invalid',
  82001: 'all touser & toparty & totag invalid',
  301002: 'not allow operate another agent with this accesstoken',
  42001: 'access_token expired',
  45009: 'api freq out of limit',
  60111: 'userid not found',
  84061: 'not external contact',
};

/** A WeCom business error: answered as HTTP 200 with errcode ≠ 0 and, like WeCom, a hint suffix. */
export class WxError extends Error {
  constructor(
    readonly errcode: number,
    detail?: string,
    /** Default-valued business fields WeCom leaves in some error bodies (e.g. follow_user: []). */
    readonly extra: Record<string, unknown> = {},
  ) {
    super(detail ? `${MESSAGES[errcode] ?? 'error'}: ${detail}` : (MESSAGES[errcode] ?? 'error'));
    this.name = 'WxError';
  }
}

/** The error body, with the `hint: [...] from ip ... more info` suffix real answers carry. */
export function errorBody(errcode: number, message: string, extra: Record<string, unknown> = {}): WxBody {
  const hint = `${Math.floor(Date.now() / 1000)}${randomInt(1e9, 1e10 - 1)}`;
  return {
    errcode,
    errmsg: `${message}, hint: [${hint}], from ip: 127.0.0.1, more info at https://open.work.weixin.qq.com/devtool/query?e=${errcode}`,
    ...extra,
  };
}

export const OK = { errcode: 0, errmsg: 'ok' } as const;
