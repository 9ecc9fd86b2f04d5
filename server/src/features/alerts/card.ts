import type { AppMessage } from '@server/wecom/group-send.schemas.ts';

/** WeCom's limits on a textcard (§5.16): title ≤ 128 bytes, description ≤ 512 bytes. */
const TITLE_MAX_BYTES = 128;
const DESCRIPTION_MAX_BYTES = 512;
/** WeCom drops an identical message to the same member within this window (a resend after a crash is not shown twice). */
const DUPLICATE_CHECK_SECONDS = 1800;

const HTML_ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' };
const escapeHtml = (s: string) => s.replace(/[&<>"]/g, (c) => HTML_ESCAPES[c] ?? c);

/** Cuts `s` to at most `max` UTF-8 bytes on a character boundary, marking the cut with '…'. */
export function clipBytes(s: string, max: number): string {
  if (Buffer.byteLength(s, 'utf8') <= max) return s;
  let out = '';
  for (const ch of s) {
    if (Buffer.byteLength(`${out}${ch}…`, 'utf8') > max) break;
    out += ch;
  }
  return `${out}…`;
}

/** 'M月D日 HH:mm' in Asia/Shanghai. */
export function shanghaiStamp(at: Date): string {
  const d = new Date(at.getTime() + 8 * 3600_000);
  const hh = String(d.getUTCHours()).padStart(2, '0');
  const mm = String(d.getUTCMinutes()).padStart(2, '0');
  return `${d.getUTCMonth() + 1}月${d.getUTCDate()}日 ${hh}:${mm}`;
}

export interface CardInput {
  touser: string;
  agentid: number;
  title: string;
  /** Plain-text lines; the first is shown grey (when/what), the last highlighted when `highlightLast`. */
  lines: string[];
  url: string;
  highlightLast?: boolean;
}

/**
 * The alert as a textcard. Every line is text we stored (customer names, messages), so it is
 * escaped before it goes into the description's div markup; lines that no longer fit the
 * 512 bytes are left off rather than cut mid-tag.
 */
export function textcardOf(input: CardInput): AppMessage {
  let description = '';
  input.lines.forEach((line, i) => {
    const cls = i === 0 ? 'gray' : input.highlightLast && i === input.lines.length - 1 ? 'highlight' : 'normal';
    const div = `<div class="${cls}">${escapeHtml(clipBytes(line, 160))}</div>`;
    if (Buffer.byteLength(description + div, 'utf8') <= DESCRIPTION_MAX_BYTES) description += div;
  });
  return {
    touser: input.touser,
    msgtype: 'textcard',
    agentid: input.agentid,
    textcard: { title: clipBytes(input.title, TITLE_MAX_BYTES), description, url: input.url, btntxt: '查看' },
    enable_duplicate_check: 1,
    duplicate_check_interval: DUPLICATE_CHECK_SECONDS,
  };
}
