export {
  createScriptFolderRequestSchema,
  createScriptRequestSchema,
  scriptQuerySchema,
  scriptSendRequestSchema,
  scriptsQuerySchema,
  updateScriptFolderRequestSchema,
  updateScriptRequestSchema,
} from '@shared/api/scripts.ts';
export { idParamSchema } from '@shared/api/page.ts';
