import type { DataSource } from 'typeorm';
import { dbTime, fromDbTime, marks, select } from '@server/db/sql.ts';
import type { ArchiveFlagDto } from './archive.schema.ts';
import { messageCursor } from './archive.presenter.ts';

/** Flagged messages in the staff scope (undefined = everyone), newest first, keyset on (msgtime, id). */
export async function listFlags(
  ds: DataSource,
  args: { staffIds: number[] | undefined; cursor?: string; limit: number },
): Promise<{ items: ArchiveFlagDto[]; nextCursor: string | null }> {
  const where: string[] = [];
  const params: unknown[] = [];
  if (args.staffIds) {
    if (args.staffIds.length === 0) return { items: [], nextCursor: null };
    where.push(`f.staff_id IN (${marks(args.staffIds.length)})`);
    params.push(...args.staffIds);
  }
  if (args.cursor) {
    const [ms, id] = messageCursor.decode(args.cursor);
    const at = dbTime(ms);
    where.push('(f.msgtime < ? OR (f.msgtime = ? AND f.id < ?))');
    params.push(at, at, id);
  }
  params.push(args.limit + 1);
  const rows = await select<{
    id: number;
    msgid: string;
    word: string;
    excerpt: string;
    msgtime: unknown;
    roomid: string | null;
    staff_id: number | null;
    staff_userid: string | null;
    staff_name: string | null;
    customer_id: number | null;
    customer_name: string | null;
  }>(
    ds,
    `SELECT f.id, f.msgid, f.word, f.excerpt, f.msgtime, f.roomid, f.staff_id, s.userid AS staff_userid, s.name AS staff_name,
            f.customer_id, c.name AS customer_name
       FROM archive_flag f
       LEFT JOIN staff s ON s.id = f.staff_id
       LEFT JOIN customer c ON c.id = f.customer_id
      ${where.length > 0 ? `WHERE ${where.join(' AND ')}` : ''}
      ORDER BY f.msgtime DESC, f.id DESC LIMIT ?`,
    params,
  );
  const page = rows.slice(0, args.limit);
  const items: ArchiveFlagDto[] = page.map((r) => ({
    id: Number(r.id),
    msgid: r.msgid,
    word: r.word,
    excerpt: r.excerpt,
    at: (fromDbTime(r.msgtime) ?? new Date(0)).toISOString(),
    staff:
      r.staff_id !== null && r.staff_userid !== null ? { id: Number(r.staff_id), userid: r.staff_userid, name: r.staff_name ?? '' } : null,
    customer: r.customer_id !== null ? { id: Number(r.customer_id), name: r.customer_name ?? '' } : null,
    roomid: r.roomid,
  }));
  const last = page[page.length - 1];
  return {
    items,
    nextCursor:
      rows.length > args.limit && last
        ? messageCursor.encode([(fromDbTime(last.msgtime) ?? new Date(0)).getTime(), Number(last.id)])
        : null,
  };
}
