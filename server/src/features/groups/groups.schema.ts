import { z } from 'zod';

export {
  createGroupTagRequestSchema,
  groupMembersQuerySchema,
  updateGroupTagRequestSchema,
  updateGroupTagsRequestSchema,
} from '@shared/api/groups.ts';
export { idParamSchema } from '@shared/api/page.ts';

export const chatParamSchema = z.object({ chatId: z.string().min(1).max(64) });
