import { z } from 'zod';

export { devContextsQuerySchema, devLoginRequestSchema } from '@shared/api/dev.ts';

export const useridParamSchema = z.object({ userid: z.string().min(1).max(64) });
