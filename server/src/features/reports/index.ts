/** What other features may use of reports: the CSV writer every export shares. */
export { csvCell, sendCsv, type Cell, type FixedNumber } from './csv.ts';
