export { loginQuerySchema, oauthCallbackQuerySchema } from '../../../../shared/src/api/auth.ts';
