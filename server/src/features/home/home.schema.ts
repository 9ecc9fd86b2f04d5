export { homeResponseSchema } from '../../../../shared/src/api/home.ts';
