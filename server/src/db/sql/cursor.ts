import { z } from 'zod';
import { invalidCursor } from '@server/http/error-catalog.ts';

export interface CursorCodec<T> {
  encode(value: T): string;
  /** The value of a cursor made by encode; 400 invalid_cursor for anything else. */
  decode(cursor: string): T;
}

/**
 * The keyset cursor of a list endpoint: an opaque base64url of the JSON of the last row's
 * sort key, validated by `schema` when it comes back.
 */
export function cursorCodec<S extends z.ZodType>(schema: S): CursorCodec<z.output<S>> {
  return {
    encode: (value) => Buffer.from(JSON.stringify(value)).toString('base64url'),
    decode: (cursor) => {
      let parsed: unknown;
      try {
        parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
      } catch {
        throw invalidCursor();
      }
      const result = schema.safeParse(parsed);
      if (!result.success) throw invalidCursor();
      return result.data;
    },
  };
}

/**
 * The common keyset over (a datetime column, id), newest first: the datetime as dbTimeKey read
 * it (SQLite's exact stored text), so `col < ? OR (col = ? AND id < ?)` resumes exactly.
 */
export const timeIdCursor = cursorCodec(z.tuple([z.string(), z.number()]));
