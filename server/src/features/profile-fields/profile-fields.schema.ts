export {
  createProfileFieldRequestSchema,
  updateCustomerFieldsRequestSchema,
  updateProfileFieldRequestSchema,
} from '@shared/api/profile-fields.ts';
export { idParamSchema } from '@shared/api/page.ts';
