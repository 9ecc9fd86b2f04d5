import { z } from 'zod';
import { ROLES } from '@shared/enums.ts';

export const meResponseSchema = z.object({
  userid: z.string(),
  name: z.string(),
  role: z.enum(ROLES),
});
export type MeResponse = z.infer<typeof meResponseSchema>;
