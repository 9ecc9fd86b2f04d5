export { homeResponseSchema } from '@shared/api/home.ts';
