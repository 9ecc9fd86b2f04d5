import { z } from 'zod';

/** :externalUserid of the chat's customer, as getCurExternalContact gives it. */
export const openCustomerParamSchema = z.object({ externalUserid: z.string().min(1).max(64) });
