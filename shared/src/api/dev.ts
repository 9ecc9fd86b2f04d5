import { z } from 'zod';
import { ROLES } from '@shared/enums.ts';

/**
 * Demo-only endpoints (simulator mode): the dev bar that stands in for the
 * WeCom client outside WeCom. They return 404 when a real corp is configured.
 */

/** POST /api/dev/login — response is the same as GET /api/me. */
export const devLoginRequestSchema = z.object({ userid: z.string().min(1).max(64) });
export type DevLoginRequest = z.infer<typeof devLoginRequestSchema>;

/** Who a member is in the demo bar's picker: a manager leading a region (departments below theirs) or a store. */
export const DEV_STAFF_KINDS = ['admin', 'regional_manager', 'store_manager', 'guide'] as const;

/** GET /api/dev/options — active staff to log in as. */
export const devStaffOptionSchema = z.object({
  userid: z.string(),
  name: z.string(),
  role: z.enum(ROLES),
  kind: z.enum(DEV_STAFF_KINDS),
  position: z.string().nullable(),
  customerCount: z.number().int(),
  groupCount: z.number().int(),
});
export const devOptionsResponseSchema = z.object({ staff: z.array(devStaffOptionSchema) });
export type DevOptionsResponse = z.infer<typeof devOptionsResponseSchema>;

/**
 * GET /api/dev/options/:userid?q= — chats to stand in for the WeCom client: a guide's own customers, for managers and
 * admins every customer of the corp, matching `q` (name, remark or external_userid) when given, newest first; at most
 * 50 listed, `customerTotal` says how many match. And the member's groups.
 */
export const devContextsQuerySchema = z.object({ q: z.string().trim().max(40).optional() });
export const devStaffContextsResponseSchema = z.object({
  customers: z.array(z.object({ name: z.string(), externalUserid: z.string(), remark: z.string().nullable() })),
  customerTotal: z.number().int(),
  groups: z.array(z.object({ name: z.string(), chatId: z.string() })),
});
export type DevStaffContextsResponse = z.infer<typeof devStaffContextsResponseSchema>;
