/**
 * Display helpers: money in fen, dates in Asia/Shanghai (the business timezone).
 *
 * No Intl here: these run on the first screen, and the first Intl formatter a fresh webview
 * builds loads ICU's locale and zone data, 60–120 ms at 4× CPU before the profile can paint.
 * Shanghai has kept UTC+8 without daylight saving since 1991, so its wall clock is a fixed shift,
 * as in shared/src/time.ts; the strings are the ones zh-CN's Intl gives.
 */

const SHANGHAI_OFFSET_MS = 8 * 3600 * 1000;

/** 1234567 → "1,234,567". */
export function groupThousands(n: number): string {
  const sign = n < 0 ? '-' : '';
  return sign + String(Math.abs(Math.trunc(n))).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}

/** 12345 fen → "¥123.45"; thousands separated. */
export function formatMoney(fen: number | null | undefined): string {
  if (fen === null || fen === undefined) return '—';
  const cents = Math.round(fen);
  const abs = Math.abs(cents);
  return `¥${cents < 0 ? '-' : ''}${groupThousands(Math.floor(abs / 100))}.${String(abs % 100).padStart(2, '0')}`;
}

/** "YYYY-MM-DDTHH:mm" of the Shanghai wall clock, or null for a missing or invalid time. */
function shanghaiClock(iso: string | null | undefined): string | null {
  if (!iso) return null;
  const ms = new Date(iso).getTime();
  return Number.isNaN(ms) ? null : new Date(ms + SHANGHAI_OFFSET_MS).toISOString().slice(0, 16);
}

/** "2026/11/23" in Shanghai time; "—" when missing. */
export function formatDate(iso: string | null | undefined): string {
  const t = shanghaiClock(iso);
  return t === null ? '—' : t.slice(0, 10).replace(/-/g, '/');
}

/** "2026/11/23 14:05" in Shanghai time. */
export function formatDateTime(iso: string | null | undefined): string {
  const t = shanghaiClock(iso);
  return t === null ? '—' : `${t.slice(0, 10).replace(/-/g, '/')} ${t.slice(11, 16)}`;
}

/** "刚刚 / 5 分钟前 / 3 小时前 / 2 天前 / date" for timeline rows. */
export function formatRelative(iso: string, now = Date.now()): string {
  const diff = now - new Date(iso).getTime();
  if (diff < 60_000) return '刚刚';
  if (diff < 3_600_000) return `${Math.floor(diff / 60_000)} 分钟前`;
  if (diff < 86_400_000) return `${Math.floor(diff / 3_600_000)} 小时前`;
  if (diff < 7 * 86_400_000) return `${Math.floor(diff / 86_400_000)} 天前`;
  return formatDate(iso);
}

/** The first character for an avatar placeholder. */
export function initial(name: string): string {
  return Array.from(name.trim())[0] ?? '客';
}
