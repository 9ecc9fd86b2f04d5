/**
 * The deterministic demo corp "木棉集 MUMIAN": a pure function of (seed, options).
 * WeCom half (directory, customers with follows, group chats) in WeCom wire shapes;
 * shop half (orders) and interactions per customer. See docs/demo-and-bench.md.
 */
export type {
  DemoCustomer,
  DemoDepartment,
  DemoDirectory,
  DemoFollow,
  DemoGroupChat,
  DemoInteraction,
  DemoOptions,
  DemoOrder,
  DemoStaff,
  DemoTagGroup,
} from './types.ts';
export { demoOptions, DEMO_NOW } from './options.ts';
export { demoDirectory } from './directory.ts';
export { demoCustomer, demoCustomers, demoExternalUserid } from './customers.ts';
export { demoGroupChats } from './groups.ts';
export { demoOrdersOf } from './orders.ts';
export { demoInteractionsOf } from './interactions.ts';
export { demoScripts, type DemoScript, type DemoScriptFolder } from './scripts.ts';
export { BRAND, PRODUCTS } from './catalog.ts';
export {
  seedDemo,
  resetDemoTables,
  SeedRefusedError,
  ALL_PARTS,
  DEMO_TABLES,
  type SeedParts,
  type SeedProgress,
  type SeedOptions,
  type SeedResult,
} from './seed/seed.ts';
export { ensureDemoData } from './ensure.ts';
