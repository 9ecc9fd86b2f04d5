import type { EntityManager } from 'typeorm';
import type { OrderInput } from '@shared/api/orders.ts';
import { caseUpdate, dbTime } from '@server/db/sql.ts';

/**
 * What the shop knows of its member and WeCom does not: the member number and birthday an order
 * carries are written onto the matched customer (a later order in the batch wins), so 会员号 and
 * 生日 reach a real corp's profiles through the webhook and the CSV import. Two set-based updates.
 */
export async function applyMemberFacts(
  em: EntityManager,
  orders: readonly OrderInput[],
  customerIds: ReadonlyArray<number | null>,
  now: Date,
): Promise<void> {
  const memberNo = new Map<number, string>();
  const birthday = new Map<number, string>();
  orders.forEach((o, i) => {
    const id = customerIds[i];
    if (id === null || id === undefined) return;
    if (o.member_no) memberNo.set(id, o.member_no);
    if (o.birthday) birthday.set(id, o.birthday);
  });
  const also = { sql: 'updated_at = ?', params: [dbTime(now)] };
  for (const [column, values] of [
    ['member_no', memberNo],
    ['birthday', birthday],
  ] as const) {
    if (values.size === 0) continue;
    await caseUpdate(em, { table: 'customer', key: 'id', columns: [column], rows: [...values], chunk: 500, also });
  }
}
