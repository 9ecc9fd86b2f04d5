import { describe, expect, expectTypeOf, it } from 'vitest';
import * as catalog from './error-catalog.ts';
import { AppError, type ErrorId, type ErrorStatus } from './errors.ts';

const STATUSES: readonly number[] = [400, 401, 403, 404, 405, 409, 413, 415, 422, 500, 501, 502, 503] satisfies ErrorStatus[];
const entries = Object.values(catalog).filter(
  (v): v is typeof v & { id: string; status: number; message: string } => typeof v === 'function' && 'id' in v,
);

describe('error catalog', () => {
  it('has every id exactly once, each with a valid status and a Chinese message', () => {
    expect(entries.length).toBeGreaterThan(40);
    const ids = entries.map((e) => e.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const e of entries) {
      expect(e.id).toMatch(/^[a-z]+(_[a-z]+)*$/);
      expect(STATUSES).toContain(e.status);
      expect(e.message.trim()).not.toBe('');
      expect(e.message).toMatch(/[\u4e00-\u9fa5]/);
    }
  });

  it('builds AppErrors carrying the entry and its details', () => {
    const err = catalog.unknownTag(['t1']);
    expect(err).toBeInstanceOf(AppError);
    expect(err).toMatchObject({ status: 400, id: 'unknown_tag', message: catalog.unknownTag.message, details: { tagIds: ['t1'] } });
    expect(catalog.invalidInput([{ path: ['a', 0], message: 'x' }]).details).toEqual([{ path: 'a.0', message: 'x' }]);
    expect(catalog.csvMissingColumns(['order_no', 'paid_at']).message).toBe('CSV 缺少必需的列：order_no, paid_at');
  });

  it('types ErrorId as the union of the catalog ids', () => {
    expectTypeOf<'customer_not_found'>().toExtend<ErrorId>();
    expectTypeOf<'no_such_error'>().not.toExtend<ErrorId>();
  });
});
