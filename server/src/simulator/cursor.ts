import { z } from 'zod';
import { WxError } from './wx-error.ts';

/**
 * Opaque cursors: base64url of a small JSON position. Clients must treat them
 * as opaque (as with WeCom's); the simulator decodes them in O(1) so every page
 * costs O(page size) whatever the offset.
 */
export function encodeCursor(position: Record<string, number>): string {
  return Buffer.from(JSON.stringify(position), 'utf8').toString('base64url');
}

/** Decodes a cursor made by encodeCursor; anything else is 40058 (invalid parameter). */
export function decodeCursor<T extends z.ZodType>(cursor: string, schema: T): z.infer<T> {
  try {
    const parsed = schema.safeParse(JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')));
    if (parsed.success) return parsed.data;
  } catch {
    // fall through to the WeCom error
  }
  throw new WxError(40058, 'invalid cursor');
}

export const offsetCursor = z.object({ o: z.number().int().min(0) });
