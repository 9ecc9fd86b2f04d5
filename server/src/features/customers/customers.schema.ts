import { z } from 'zod';

export {
  customerProfileResponseSchema,
  myCustomersQuerySchema,
  updateRemarkRequestSchema,
  updateSalutationRequestSchema,
} from '@shared/api/customers.ts';
export { idParamSchema } from '@shared/api/page.ts';

/** :externalUserid path parameter. */
export const externalParamSchema = z.object({ externalUserid: z.string().min(1).max(64) });
