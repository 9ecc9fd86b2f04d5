import type { DataSource } from 'typeorm';
import type { z } from 'zod';
import type { archiveConsentSchema } from '@shared/api/customers.ts';
import { fromDbTime, select, selectOne } from '@server/db/sql.ts';
import { ArchiveConsentEntity, type ArchiveConsent } from '@server/entities/ArchiveConsent.ts';
import type { MsgauditClient } from './msgaudit-client.ts';

export interface ConsentRow {
  staffId: number;
  staffUserid: string;
  staffName: string;
  status: 'agree' | 'disagree' | 'unknown';
  changedAt: Date | null;
}

type ProfileArchiveConsent = z.infer<typeof archiveConsentSchema>;

/** 已同意存档 / 未同意 (unknown counts as not agreed: nothing is archived without consent). */
export const consentLabel = (status: ConsentRow['status']) => (status === 'agree' ? '已同意存档' : '未同意');

/** The customer's 1v1 consent per member who follows them (one query). */
export async function customerConsent(
  ds: DataSource,
  customerId: number,
): Promise<{ externalUserid: string; rows: ConsentRow[] } | undefined> {
  const customer = await selectOne<{ external_userid: string }>(ds, 'SELECT external_userid FROM customer WHERE id = ?', [customerId]);
  const externalUserid = customer?.external_userid;
  if (!externalUserid) return undefined;
  const rows = await select<{ id: number; userid: string; name: string; status: string | null; changed_at: unknown }>(
    ds,
    `SELECT s.id, s.userid, s.name, ac.status, ac.changed_at
       FROM customer_follow f
       JOIN staff s ON s.id = f.staff_id
       LEFT JOIN archive_consent ac ON ac.external_userid = ? AND ac.staff_userid = s.userid AND ac.roomid = ''
      WHERE f.customer_id = ? AND f.lost_at IS NULL
      ORDER BY f.added_at`,
    [externalUserid, customerId],
  );
  return {
    externalUserid,
    rows: rows.map((r) => ({
      staffId: Number(r.id),
      staffUserid: r.userid,
      staffName: r.name,
      status: r.status === 'agree' || r.status === 'disagree' ? r.status : 'unknown',
      changedAt: fromDbTime(r.changed_at),
    })),
  };
}

/** Asks WeCom (check_single_agree) for these pairs and stores the answers in one upsert. */
export async function refreshSingleConsent(
  ds: DataSource,
  client: MsgauditClient,
  pairs: Array<{ userid: string; externalUserid: string }>,
): Promise<number> {
  if (pairs.length === 0) return 0;
  const info = await client.checkSingleAgree(pairs);
  const values: Array<Omit<ArchiveConsent, 'id' | 'updatedAt'>> = info
    .filter((i) => i.userid)
    .map((i) => ({
      externalUserid: i.exteranalopenid,
      staffUserid: i.userid ?? '',
      roomid: '',
      status: i.agree_status === 'Agree' ? 'agree' : 'disagree',
      // status_change_time is seconds in the documented sample (wecom-api.md §14.9).
      changedAt: new Date(i.status_change_time * 1000),
      source: 'api',
    }));
  if (values.length === 0) return 0;
  return storeConsents(ds, values);
}

/** Upserts consent rows on (external_userid, staff_userid, roomid); resolves to how many were given. */
async function storeConsents(ds: DataSource, values: Array<Omit<ArchiveConsent, 'id' | 'updatedAt'>>): Promise<number> {
  await ds
    .createQueryBuilder()
    .insert()
    .into(ArchiveConsentEntity)
    .values(values)
    .orUpdate(['status', 'changed_at', 'source'], ['external_userid', 'staff_userid', 'roomid'])
    .execute();
  return values.length;
}

/**
 * The profile's 会话存档 block (shared/src/api/customers.ts archiveConsentSchema) for the
 * actor: their own 1v1 consent with the customer, null while nothing is known. One indexed lookup.
 */
export async function profileArchiveConsent(ds: DataSource, externalUserid: string, staffUserid: string): Promise<ProfileArchiveConsent> {
  const row = await selectOne<StoredConsent>(
    ds,
    `SELECT status, changed_at FROM archive_consent WHERE external_userid = ? AND staff_userid = ? AND roomid = ''`,
    [externalUserid, staffUserid],
  );
  return presentProfileConsent(row);
}

/** A stored 1v1 consent row as read for the profile (status null: none stored). */
export interface StoredConsent {
  status: string | null;
  changed_at: unknown;
}

/**
 * The same lookup as profileArchiveConsent as a join, for a caller that reads the customer in one
 * statement: `LEFT JOIN archive_consent <alias> …` on the customer's external_userid column and the
 * actor's userid (one `?` placeholder); select `<alias>.status, <alias>.changed_at` and give them to
 * presentProfileConsent.
 */
export function profileConsentJoin(alias: string, externalUseridColumn: string): string {
  return `LEFT JOIN archive_consent ${alias} ON ${alias}.external_userid = ${externalUseridColumn} AND ${alias}.staff_userid = ? AND ${alias}.roomid = ''`;
}

export function presentProfileConsent(row: StoredConsent | undefined): ProfileArchiveConsent {
  if (!row || row.status === null) return null;
  const status = row.status === 'agree' ? 'agreed' : row.status === 'disagree' ? 'disagreed' : 'unknown';
  return { status, changedAt: fromDbTime(row.changed_at)?.toISOString() ?? null };
}

/** Asks WeCom (check_room_agree) for a group's members' consent and stores it (staff_userid ''). */
export async function refreshRoomConsent(ds: DataSource, client: MsgauditClient, roomid: string): Promise<number> {
  const info = await client.checkRoomAgree(roomid);
  if (info.length === 0) return 0;
  const values: Array<Omit<ArchiveConsent, 'id' | 'updatedAt'>> = info.map((i) => ({
    externalUserid: i.exteranalopenid,
    staffUserid: '',
    roomid,
    status: i.agree_status === 'Agree' ? 'agree' : 'disagree',
    changedAt: new Date(i.status_change_time * 1000),
    source: 'api',
  }));
  return storeConsents(ds, values);
}
