import { z } from 'zod';

export const healthResponseSchema = z.object({
  status: z.enum(['ok', 'degraded']),
  database: z.enum(['ok', 'unreachable']),
  databaseKind: z.enum(['mysql', 'sqlite']),
  migrations: z.object({ current: z.boolean(), pending: z.array(z.string()) }),
  wecom: z.object({ mode: z.enum(['real', 'simulator']) }),
});
export type HealthResponse = z.infer<typeof healthResponseSchema>;
