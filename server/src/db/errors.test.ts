import { QueryFailedError } from 'typeorm';
import { describe, expect, it } from 'vitest';
import { driverCode, errorText, isDatabaseUnavailable, isQueryError, safeQueryError, withoutValues } from './errors.ts';

const PHONE = '13812345678';

const driverError = (code: string, message: string, extra: Record<string, unknown> = {}) =>
  Object.assign(new Error(message), { code, ...extra });

describe('database errors', () => {
  it('counts a database that is down, unreachable, out of connections, busy or locked as unavailable', () => {
    for (const code of [
      'ECONNREFUSED',
      'PROTOCOL_CONNECTION_LOST',
      'ETIMEDOUT',
      'ER_CON_COUNT_ERROR',
      'SQLITE_BUSY',
      'SQLITE_BUSY_SNAPSHOT',
      'SQLITE_LOCKED',
    ]) {
      expect(isDatabaseUnavailable(driverError(code, 'x')), code).toBe(true);
      // The same code seen through TypeORM's wrapper.
      expect(isDatabaseUnavailable(new QueryFailedError('SELECT 1', [], driverError(code, 'x'))), code).toBe(true);
    }
    expect(isDatabaseUnavailable(new TypeError('The database connection is not open'))).toBe(true);
    expect(isDatabaseUnavailable(new Error('Connection is not established with mysql database'))).toBe(true);
  });

  it('does not count a wrong query, a constraint or an ordinary bug as unavailable', () => {
    for (const err of [
      driverError('ER_DUP_ENTRY', `Duplicate entry '${PHONE}' for key 'uq_customer_phone'`),
      driverError('SQLITE_CONSTRAINT_UNIQUE', 'UNIQUE constraint failed: customer.phone'),
      driverError('ER_NO_SUCH_TABLE', "Table 'test.customer' doesn't exist"),
      new Error('boom'),
      'a string',
      null,
    ])
      expect(isDatabaseUnavailable(err)).toBe(false);
  });

  it('takes values out of driver text: quoted literals and long digit runs, keeping identifiers', () => {
    expect(withoutValues(`Duplicate entry '${PHONE}' for key 'uq_customer_phone'`)).toBe("Duplicate entry '?' for key 'uq_customer_phone'");
    expect(withoutValues(`near '${PHONE}', '张三')' at line 1`)).not.toMatch(/1381234|张三/);
    expect(withoutValues(`WHERE phone = ${PHONE} AND status = 'active'`)).toBe("WHERE phone = *********** AND status = 'active'");
  });

  it('describes a failed query by statement and code, without its parameters or the values mysql2 splices into `sql`', () => {
    const sql = 'SELECT id FROM customer WHERE phone = ? AND name = ?';
    const err = new QueryFailedError(
      sql,
      [PHONE, '张三'],
      driverError('ER_NO_SUCH_TABLE', "Table 'test.customer' doesn't exist", {
        errno: 1146,
        sqlState: '42S02',
        sql: `SELECT id FROM customer WHERE phone = '${PHONE}' AND name = '张三'`,
      }),
    );
    expect(isQueryError(err)).toBe(true);
    expect(driverCode(err)).toBe('ER_NO_SUCH_TABLE');
    const safe = safeQueryError(err as unknown as Error & Record<string, unknown>);
    expect(safe).toMatchObject({ type: 'QueryFailedError', code: 'ER_NO_SUCH_TABLE', errno: 1146, sqlState: '42S02', query: sql });
    const text = JSON.stringify(safe);
    expect(text).not.toContain(PHONE);
    expect(text).not.toContain('张三');
    expect(text).not.toContain('parameters');
  });

  it('gives a failed query as text without its values, for logs and stored error columns; other errors as they are', () => {
    const dup = new QueryFailedError(
      'INSERT INTO customer (phone) VALUES (?)',
      [PHONE],
      driverError('ER_DUP_ENTRY', `Duplicate entry '${PHONE}' for key 'uq_customer_phone'`),
    );
    expect(errorText(dup)).toBe("Duplicate entry '?' for key 'uq_customer_phone'");
    expect(errorText(new Error('WeCom answered 45009'))).toBe('WeCom answered 45009');
    expect(errorText('a string')).toBe('a string');
  });

  it('truncates long statements', () => {
    const sql = `INSERT INTO t (a) VALUES ${Array.from({ length: 500 }, () => '(?)').join(', ')}`;
    const safe = safeQueryError(
      new QueryFailedError(sql, [], driverError('SQLITE_ERROR', 'x')) as unknown as Error & Record<string, unknown>,
    );
    expect(safe.query?.length).toBeLessThan(320);
  });
});
