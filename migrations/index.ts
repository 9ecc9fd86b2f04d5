import type { MigrationInterface } from 'typeorm';
import { Directory1795392000001 } from './1795392000001-directory.ts';
import { Customers1795392000002 } from './1795392000002-customers.ts';
import { Tags1795392000003 } from './1795392000003-tags.ts';
import { Groups1795392000004 } from './1795392000004-groups.ts';
import { Orders1795392000005 } from './1795392000005-orders.ts';
import { Scripts1795392000006 } from './1795392000006-scripts.ts';
import { FollowUps1795392000007 } from './1795392000007-follow-ups.ts';
import { Interactions1795392000008 } from './1795392000008-interactions.ts';
import { Operations1795392000009 } from './1795392000009-operations.ts';
import { WecomEvents1795392100000 } from './1795392100000-wecom-events.ts';
import { SyncBehaviorStats1795392200001 } from './1795392200001-sync-behavior-stats.ts';
import { GroupTags1795392300000 } from './1795392300000-group-tags.ts';
import { RfmOrders1795392400001 } from './1795392400001-rfm-orders.ts';
import { OrdersRfmCoveringIndex1795392400002 } from './1795392400002-orders-rfm-covering-index.ts';
import { Archive1795392500000 } from './1795392500000-archive.ts';
import { StaffDailyStats1795392700001 } from './1795392700001-staff-daily-stats.ts';
import { OrdersStaffBuyersIndex1795392700101 } from './1795392700101-orders-staff-buyers-index.ts';
import { WecomEventRetries1795392810000 } from './1795392810000-wecom-event-retries.ts';
import { ProfileFields1796663400000 } from './1796663400000-profile-fields.ts';
import { FollowStage1796663400001 } from './1796663400001-follow-stage.ts';
import { TagGroupSettings1796663400002 } from './1796663400002-tag-group-settings.ts';
import { FleetLeases1796663453589 } from './1796663453589-fleet-leases.ts';
import { SalutationScriptApplicability1796663536313 } from './1796663536313-salutation-script-applicability.ts';
import { GroupSends1796664153709 } from './1796664153709-group-sends.ts';
import { DepartmentVersionIndex1796664809905 } from './1796664809905-department-version-index.ts';
import { Transfers1796664900000 } from './1796664900000-transfers.ts';
import { Channels1796665432619 } from './1796665432619-channels.ts';
import { SopTasksAlerts1796667331473 } from './1796667331473-sop-tasks-alerts.ts';
import { AlertSourceIndexes1796670000000 } from './1796670000000-alert-source-indexes.ts';
import { DataVersion1796671000000 } from './1796671000000-data-version.ts';
import { RollupBuyerWindows1796674410430 } from './1796674410430-rollup-buyer-windows.ts';
import { TransferStoreJobs1796675000000 } from './1796675000000-transfer-store-jobs.ts';
import { RollupWindows1796679442659 } from './1796679442659-rollup-windows.ts';
import { InteractionCustomerTypeIndex1796680000000 } from './1796680000000-interaction-customer-type-index.ts';
import { TaskSentText1796680000001 } from './1796680000001-task-sent-text.ts';

type MigrationClass = new () => MigrationInterface;

/** Every migration, in timestamp order (the order they run in); a new migration adds a line at the end. */
export const MIGRATIONS: MigrationClass[] = [
  Directory1795392000001,
  Customers1795392000002,
  Tags1795392000003,
  Groups1795392000004,
  Orders1795392000005,
  Scripts1795392000006,
  FollowUps1795392000007,
  Interactions1795392000008,
  Operations1795392000009,
  WecomEvents1795392100000,
  SyncBehaviorStats1795392200001,
  GroupTags1795392300000,
  RfmOrders1795392400001,
  OrdersRfmCoveringIndex1795392400002,
  Archive1795392500000,
  StaffDailyStats1795392700001,
  OrdersStaffBuyersIndex1795392700101,
  WecomEventRetries1795392810000,
  ProfileFields1796663400000,
  FollowStage1796663400001,
  TagGroupSettings1796663400002,
  FleetLeases1796663453589,
  SalutationScriptApplicability1796663536313,
  GroupSends1796664153709,
  DepartmentVersionIndex1796664809905,
  Transfers1796664900000,
  Channels1796665432619,
  SopTasksAlerts1796667331473,
  AlertSourceIndexes1796670000000,
  DataVersion1796671000000,
  RollupBuyerWindows1796674410430,
  TransferStoreJobs1796675000000,
  RollupWindows1796679442659,
  InteractionCustomerTypeIndex1796680000000,
  TaskSentText1796680000001,
];
