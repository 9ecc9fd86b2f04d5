export { jssdkConfigQuerySchema } from '../../../../shared/src/api/auth.ts';
