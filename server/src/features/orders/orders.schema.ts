import { z } from 'zod';
import { strictTime } from '@shared/api/dates.ts';
import { cursorQuerySchema } from '@shared/api/page.ts';

export { orderWebhookBodySchema } from '@shared/api/orders.ts';
export const listQuerySchema = cursorQuerySchema;

/** Decoded keyset cursor of the customer order list: (paid_at, id) of the last row shown. */
export const orderCursorSchema = z.object({ p: strictTime('cursor', 'datetime_offset').nullable(), i: z.number().int().positive() });
export type OrderCursor = z.infer<typeof orderCursorSchema>;
export const idCursorSchema = z.object({ i: z.number().int().positive() });
