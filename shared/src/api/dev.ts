import { z } from 'zod';
import { ROLES } from '@shared/enums.ts';

/**
 * Demo-only endpoints (simulator mode): the dev bar that stands in for the
 * WeCom client outside WeCom. They return 404 when a real corp is configured.
 */

/** POST /api/dev/login — response is the same as GET /api/me. */
export const devLoginRequestSchema = z.object({ userid: z.string().min(1).max(64) });
export type DevLoginRequest = z.infer<typeof devLoginRequestSchema>;

/** GET /api/dev/options — active staff to log in as. */
export const devStaffOptionSchema = z.object({
  userid: z.string(),
  name: z.string(),
  role: z.enum(ROLES),
  customerCount: z.number().int(),
  groupCount: z.number().int(),
});
export const devOptionsResponseSchema = z.object({ staff: z.array(devStaffOptionSchema) });
export type DevOptionsResponse = z.infer<typeof devOptionsResponseSchema>;

/** GET /api/dev/options/:userid — that guide's customers and groups (to fake the chat context). */
export const devStaffContextsResponseSchema = z.object({
  customers: z.array(z.object({ name: z.string(), externalUserid: z.string(), remark: z.string().nullable() })),
  groups: z.array(z.object({ name: z.string(), chatId: z.string() })),
});
export type DevStaffContextsResponse = z.infer<typeof devStaffContextsResponseSchema>;
