/**
 * The raw-SQL toolkit: everything that differs between MySQL/MariaDB and SQLite when writing
 * SQL by hand (dialect, datetimes, placeholders, multi-row writes), typed query results, and
 * the keyset cursor of the list endpoints.
 */
export { caseUpdate, type CaseUpdate } from './sql/case-update.ts';
export { cursorCodec, timeIdCursor, type CursorCodec } from './sql/cursor.ts';
export { dayNumberOf, dayOfNumber, dialect, isMysql, isSqlite, shanghaiDayExpr, shanghaiDayNumberExpr, type Db } from './sql/dialect.ts';
export { insertIgnore, upsertRows } from './sql/entity-insert.ts';
export { bulkInsert, type InsertOptions, type SqlValue } from './sql/insert.ts';
export { chunks, MAX_PARAMS, marks, rowsPerStatement } from './sql/lists.ts';
export { rowOr404, select, selectOne } from './sql/query.ts';
export { dbTime, dbTimeKey, fromDbTime, nowSeconds } from './sql/time.ts';
export { jsonObject, jsonStrings, likeAnywhere, num, text, toBool } from './sql/values.ts';
