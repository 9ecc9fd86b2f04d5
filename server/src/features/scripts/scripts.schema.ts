export {
  createScriptFolderRequestSchema, createScriptRequestSchema, scriptSendRequestSchema, scriptsQuerySchema,
  updateScriptFolderRequestSchema, updateScriptRequestSchema,
} from '../../../../shared/src/api/scripts.ts';
export { idParamSchema } from '../../../../shared/src/api/page.ts';
