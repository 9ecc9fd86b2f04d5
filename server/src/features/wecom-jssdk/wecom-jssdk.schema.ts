export { jssdkConfigQuerySchema } from '@shared/api/auth.ts';
