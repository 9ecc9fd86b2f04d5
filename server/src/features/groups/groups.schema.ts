import { z } from 'zod';

export {
  createGroupTagRequestSchema, groupMembersQuerySchema, updateGroupTagsRequestSchema,
} from '../../../../shared/src/api/groups.ts';
export { idParamSchema } from '../../../../shared/src/api/page.ts';

export const chatParamSchema = z.object({ chatId: z.string().min(1).max(64) });
