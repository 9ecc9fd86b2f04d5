import { z } from 'zod';

/**
 * Keyset pagination shared by the list endpoints: the server returns an opaque
 * `nextCursor` (null on the last page) that the client passes back as `cursor`.
 */
export const cursorQuerySchema = z.object({
  cursor: z.string().max(256).optional(),
  limit: z.coerce.number().int().min(1).max(100).default(20),
});

/** A page of items plus the cursor of the next page (null when there is none). */
export function pageSchema<T extends z.ZodType>(item: T) {
  return z.object({ items: z.array(item), nextCursor: z.string().nullable() });
}

/** ISO-8601 timestamp string (UTC) as the API returns dates. */
export const isoDate = z.string();

/** `{ ok: true }` for endpoints with nothing else to say (deletes). */
export const okResponseSchema = z.object({ ok: z.literal(true) });
export type OkResponse = z.infer<typeof okResponseSchema>;
/** A 204 answer: no body. */
export const noContentSchema = z.undefined();

/** A staff member as shown next to data (who did it / who follows). */
export const staffRefSchema = z.object({ id: z.number().int(), userid: z.string(), name: z.string() });
export type StaffRef = z.infer<typeof staffRefSchema>;

/**
 * A row id from a path or query string: plain decimal digits, no sign, no leading zero.
 * Number() coercion would also take '0x10', '1e3' or ' 16' and resolve another row.
 * (A number is accepted as is, for callers that build queries from typed values.)
 */
export const idSchema = z.union([
  z.number().int().positive().max(Number.MAX_SAFE_INTEGER),
  z
    .string()
    .regex(/^[1-9][0-9]{0,15}$/, '应为正整数编号')
    .transform(Number)
    .pipe(z.number().max(Number.MAX_SAFE_INTEGER)),
]);

/** Path parameter `:id` of a numeric row. */
export const idParamSchema = z.object({ id: idSchema });
