/** What other features may use of alerts; everything else in this folder is internal. */
export { scanAlerts, sendDigests } from './scan.ts';
