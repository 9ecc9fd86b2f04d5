import { describe, expect, it } from 'vitest';
import type { z } from 'zod';
import { createFollowUpRequestSchema } from './follow-ups.ts';
import { orderInputSchema } from './orders.ts';
import { isOutOfRange } from './out-of-range.ts';
import { dayRangeQuerySchema } from './reports.ts';

const order = (over: Record<string, unknown> = {}) => ({
  order_no: 'A1',
  source: 'shop',
  status: 'paid',
  total_amount: 10000,
  paid_amount: 10000,
  refunded_amount: 0,
  paid_at: '2026-05-01T10:00:00Z',
  updated_at: '2026-05-01T10:00:00Z',
  items: [{ sku: 'S1', name: '围巾', quantity: 2, unit_price: 5000 }],
  ...over,
});
const issues = (schema: z.ZodType, v: unknown) => schema.safeParse(v).error?.issues ?? [];
const summary = (schema: z.ZodType, v: unknown) => issues(schema, v).map((i) => [i.path.join('.'), isOutOfRange(i)]);

describe('amount, quantity and date bounds at the API boundary', () => {
  it('accepts amounts up to 10^11 fen, quantities up to 10^5 and line totals up to 10^11', () => {
    const big = order({ total_amount: 1e11, paid_amount: 1e11, items: [{ sku: 'S', name: 'n', quantity: 1e5, unit_price: 1e6 }] });
    expect(orderInputSchema.safeParse(big).success).toBe(true);
  });

  it('marks amounts, quantities and line totals beyond the bounds as out of range (not malformed)', () => {
    expect(summary(orderInputSchema, order({ items: [{ sku: 'S', name: 'n', quantity: 1e6, unit_price: 1e13 }] }))).toEqual([
      ['items.0.quantity', true],
      ['items.0.unit_price', true],
    ]);
    expect(summary(orderInputSchema, order({ items: [{ sku: 'S', name: 'n', quantity: 1e5, unit_price: 1e7 }] }))).toEqual([
      ['items.0.unit_price', true],
    ]);
    expect(issues(orderInputSchema, order({ items: [{ sku: 'S', name: 'n', quantity: 1e5, unit_price: 1e7 }] }))[0]?.message).toContain(
      '数量 × 单价',
    );
    expect(summary(orderInputSchema, order({ total_amount: 1e11 + 1 }))).toEqual([['total_amount', true]]);
    expect(summary(orderInputSchema, order({ paid_amount: 1e19, refunded_amount: 1e19, status: 'refunded' }))).toEqual([
      ['paid_amount', true],
      ['refunded_amount', true],
    ]);
  });

  it('keeps negative, fractional and non-numeric amounts plain invalid input', () => {
    expect(summary(orderInputSchema, order({ paid_amount: -1, refunded_amount: 0.5, total_amount: '100' }))).toEqual([
      ['total_amount', false],
      ['paid_amount', false],
      ['refunded_amount', false],
    ]);
    expect(summary(orderInputSchema, order({ items: [{ sku: 'S', name: 'n', quantity: 0, unit_price: 1 }] }))).toEqual([
      ['items.0.quantity', false],
    ]);
  });

  it('rejects impossible order dates as invalid and years outside 2000–2100 as out of range', () => {
    expect(summary(orderInputSchema, order({ paid_at: '2026-02-31T10:00:00Z' }))).toEqual([['paid_at', false]]);
    expect(issues(orderInputSchema, order({ paid_at: '2026-02-31T10:00:00Z' }))[0]?.message).toContain('不是真实存在的日期');
    expect(summary(orderInputSchema, order({ updated_at: '9999-12-31T23:59:59-10:00' }))).toEqual([['updated_at', true]]);
    expect(summary(orderInputSchema, order({ updated_at: '2026-05-01' }))).toEqual([['updated_at', false]]);
  });

  it('applies the same date rule to follow-up reminders and report ranges', () => {
    expect(createFollowUpRequestSchema.safeParse({ content: 'x', remindAt: '2026-05-01T10:00:00.000Z' }).success).toBe(true);
    expect(summary(createFollowUpRequestSchema, { content: 'x', remindAt: '2026-02-31T10:00:00+08:00' })).toEqual([['remindAt', false]]);
    expect(summary(createFollowUpRequestSchema, { content: 'x', remindAt: '2026-05-01T10:00:00' })).toEqual([['remindAt', false]]);
    expect(summary(createFollowUpRequestSchema, { content: 'x', remindAt: '9999-12-31T23:59:59-10:00' })).toEqual([['remindAt', true]]);
    expect(summary(dayRangeQuerySchema, { from: '2026-02-31', to: '2026-03-02' })).toEqual([['from', false]]);
    expect(summary(dayRangeQuerySchema, { from: '1999-12-31', to: '2000-01-02' })).toEqual([['from', true]]);
    expect(dayRangeQuerySchema.safeParse({ from: '2024-02-29', to: '2024-03-01' }).success).toBe(true);
  });
});
