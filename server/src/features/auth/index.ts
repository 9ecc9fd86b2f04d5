/** What other features may use of auth; everything else in this folder is internal. */
export { corpIdentity } from './auth.service.ts';
