import { z } from 'zod';
import { customerProfileResponseSchema } from './customers.ts';
import { meResponseSchema } from './me.ts';
import { nextActionsResponseSchema } from './next-actions.ts';

/**
 * GET /api/open/customer/:externalUserid — everything the sidebar's first screen of a 1v1 chat
 * paints, in one round trip: who is signed in, the customer's profile (header, value block, tags
 * with their groups) and the next actions.
 */
export const customerOpenResponseSchema = z.object({
  me: meResponseSchema,
  profile: customerProfileResponseSchema,
  nextActions: nextActionsResponseSchema,
});
export type CustomerOpenResponse = z.infer<typeof customerOpenResponseSchema>;
