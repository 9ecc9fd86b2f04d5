/** What other features may use of SOP tasks; everything else in this folder is internal. */
export { generateSopTasks } from './generate.ts';
export { sixTouchCount } from './tasks.service.ts';
