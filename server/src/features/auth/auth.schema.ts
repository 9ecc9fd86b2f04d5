export { loginQuerySchema, oauthCallbackQuerySchema } from '@shared/api/auth.ts';
