/** What other features may use of profile fields (the customer page's one-call open includes the 资料 block). */
export { customerFields } from './customer-fields.service.ts';
