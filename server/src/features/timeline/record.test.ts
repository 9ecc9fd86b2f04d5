import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../../../../tests/support/test-app.ts';
import { InteractionPayloadError, recordInteractions, ROWS_PER_STATEMENT, type NewInteraction } from './index.ts';

const AT = new Date('2026-03-01T17:30:00Z');

function message(i: number, dedupeKey: string | null): NewInteraction {
  return {
    customerId: 1,
    staffId: 2,
    type: 'message_in',
    occurredAt: new Date(AT.getTime() + i * 1000),
    source: 'archive',
    dedupeKey,
    payload: { msgid: `m${i}`, msgtype: 'text', text: `消息${i}` },
  };
}

describe('recordInteractions', () => {
  let app: TestApp;
  const count = async (): Promise<number> => Number((await app.deps.ds.query('SELECT COUNT(*) AS n FROM interaction'))[0].n);

  beforeAll(async () => {
    app = await startTestApp();
  });
  afterAll(async () => app.stop());
  beforeEach(async () => {
    await app.deps.ds.query('DELETE FROM interaction');
  });

  it('writes more rows than one statement holds, keeps their order, and skips repeated dedupe keys', async () => {
    const n = 2 * ROWS_PER_STATEMENT + 7;
    const keyed = Array.from({ length: n }, (_, i) => message(i, `k:${i}`));
    await recordInteractions(app.deps.ds, keyed);
    expect(await count()).toBe(n);

    // A repeat of every keyed event plus new unkeyed ones: only the unkeyed ones are new.
    const unkeyed = Array.from({ length: ROWS_PER_STATEMENT + 1 }, (_, i) => message(n + i, null));
    await app.deps.ds.transaction((em) => recordInteractions(em, [...keyed.slice(0, 10), ...unkeyed, ...keyed.slice(10)]));
    expect(await count()).toBe(n + unkeyed.length);

    const rows: Array<{ dedupe_key: string | null; day: string; payload: string }> = await app.deps.ds.query(
      'SELECT dedupe_key, day, payload FROM interaction ORDER BY id',
    );
    expect(rows.slice(0, n).map((r) => r.dedupe_key)).toEqual(keyed.map((k) => k.dedupeKey));
    expect(rows[0]).toMatchObject({ day: '2026-03-02' });
    expect(JSON.parse(rows[0]!.payload)).toEqual({ msgid: 'm0', msgtype: 'text', text: '消息0' });
  });

  it('refuses a payload that does not match its schema, writing nothing of the transaction', async () => {
    const valid = Array.from({ length: ROWS_PER_STATEMENT + 1 }, (_, i) => message(i, `v:${i}`));
    const invalid = {
      ...message(9999, 'bad'),
      type: 'tag_added',
      payload: { tagIds: [] },
    } satisfies NewInteraction;
    const attempt = app.deps.ds.transaction(async (em) => {
      await recordInteractions(em, valid.slice(0, 3));
      await recordInteractions(em, [...valid, invalid]);
    });
    await expect(attempt).rejects.toBeInstanceOf(InteractionPayloadError);
    await expect(attempt).rejects.toThrow(/interaction #\d+ \(tag_added\).*tagIds/);
    expect(await count()).toBe(0);

    await expect(recordInteractions(app.deps.ds, [...valid, invalid])).rejects.toBeInstanceOf(InteractionPayloadError);
    expect(await count()).toBe(0);
  });

  it('refuses fields the schema does not name, and a payload of another type', async () => {
    const base = { customerId: 1, staffId: 2, occurredAt: AT, source: 'archive' as const, dedupeKey: null };
    await expect(
      recordInteractions(app.deps.ds, [
        {
          ...base,
          type: 'message_in',
          // @ts-expect-error `content` is an old spelling, not a message payload field; the schema refuses it at runtime too.
          payload: { msgid: 'm1', msgtype: 'text', content: '旧字段' },
        },
      ]),
    ).rejects.toBeInstanceOf(InteractionPayloadError);
    const orderPayload = { orderId: 1, orderNo: 'A1', source: 'shop', paidAmount: 100 };
    const refund: NewInteraction[] = [
      // @ts-expect-error an order_refunded payload has refundedAmount and status, not paidAmount.
      { ...base, type: 'order_refunded', payload: orderPayload },
    ];
    await expect(recordInteractions(app.deps.ds, refund)).rejects.toBeInstanceOf(InteractionPayloadError);
    expect(await count()).toBe(0);
  });
});
