import type Router from '@koa/router';
import type { AppDeps } from '../context.ts';
import type { AppState } from '../http/types.ts';
import { routes as alertsRoutes } from './alerts/alerts.routes.ts';
import { routes as archiveRoutes } from './archive/archive.routes.ts';
import { routes as authRoutes } from './auth/auth.routes.ts';
import { routes as channelsRoutes } from './channels/channels.routes.ts';
import { routes as customersRoutes } from './customers/customers.routes.ts';
import { routes as devRoutes } from './dev/dev.routes.ts';
import { routes as followUpsRoutes } from './follow-ups/follow-ups.routes.ts';
import { routes as groupSendRoutes } from './group-send/group-send.routes.ts';
import { routes as groupsRoutes } from './groups/groups.routes.ts';
import { routes as healthRoutes } from './health/health.routes.ts';
import { routes as homeRoutes } from './home/home.routes.ts';
import { routes as meRoutes } from './me/me.routes.ts';
import { routes as nextActionsRoutes } from './next-actions/next-actions.routes.ts';
import { routes as ordersRoutes } from './orders/orders.routes.ts';
import { routes as profileFieldsRoutes } from './profile-fields/profile-fields.routes.ts';
import { routes as reportsRoutes } from './reports/reports.routes.ts';
import { routes as rfmRoutes } from './rfm/rfm.routes.ts';
import { routes as scriptsRoutes } from './scripts/scripts.routes.ts';
import { routes as sidebarOpenRoutes } from './sidebar-open/sidebar-open.routes.ts';
import { routes as sopRoutes } from './sop/sop.routes.ts';
import { routes as statusRoutes } from './status/status.routes.ts';
import { routes as staffAdminRoutes } from './staff-admin/staff-admin.routes.ts';
import { routes as syncRoutes } from './sync/sync.routes.ts';
import { routes as tagsRoutes } from './tags/tags.routes.ts';
import { routes as timelineRoutes } from './timeline/timeline.routes.ts';
import { routes as transferRoutes } from './transfer/transfer.routes.ts';
import { routes as wecomCallbackRoutes } from './wecom-callback/wecom-callback.routes.ts';
import { routes as wecomJssdkRoutes } from './wecom-jssdk/wecom-jssdk.routes.ts';
import { registerJobs as registerAlertsJobs } from './alerts/alerts.jobs.ts';
import { registerJobs as registerArchiveJobs } from './archive/archive.jobs.ts';
import { registerJobs as registerChannelsJobs } from './channels/channels.jobs.ts';
import { registerJobs as registerReportsJobs } from './reports/reports.jobs.ts';
import { registerJobs as registerRfmJobs } from './rfm/rfm.jobs.ts';
import { registerJobs as registerSopJobs } from './sop/sop.jobs.ts';
import { registerJobs as registerSyncJobs } from './sync/sync.jobs.ts';
import { registerJobs as registerTransferJobs } from './transfer/transfer.jobs.ts';
import { registerJobs as registerWecomCallbackJobs } from './wecom-callback/wecom-callback.jobs.ts';

/** What a feature's `<name>.routes.ts` exports: its router, built once per app. */
export type RoutesFactory = (deps: AppDeps) => Router<AppState>;
/** What a feature's `<name>.jobs.ts` exports as `registerJobs`: registers its jobs, schedules and event subscriptions. */
export type JobsRegistrar = (deps: AppDeps) => Promise<void>;

/** Every feature's routes, mounted in this order. Adding a feature is adding a line here. */
export const FEATURE_ROUTES: ReadonlyArray<readonly [name: string, routes: RoutesFactory]> = [
  ['alerts', alertsRoutes],
  ['archive', archiveRoutes],
  ['auth', authRoutes],
  ['channels', channelsRoutes],
  ['customers', customersRoutes],
  ['dev', devRoutes],
  ['follow-ups', followUpsRoutes],
  ['group-send', groupSendRoutes],
  ['groups', groupsRoutes],
  ['health', healthRoutes],
  ['home', homeRoutes],
  ['me', meRoutes],
  ['next-actions', nextActionsRoutes],
  ['orders', ordersRoutes],
  ['profile-fields', profileFieldsRoutes],
  ['reports', reportsRoutes],
  ['rfm', rfmRoutes],
  ['scripts', scriptsRoutes],
  ['sidebar-open', sidebarOpenRoutes],
  ['sop', sopRoutes],
  ['staff-admin', staffAdminRoutes],
  ['status', statusRoutes],
  ['sync', syncRoutes],
  ['tags', tagsRoutes],
  ['timeline', timelineRoutes],
  ['transfer', transferRoutes],
  ['wecom-callback', wecomCallbackRoutes],
  ['wecom-jssdk', wecomJssdkRoutes],
];

/** Every feature's background jobs, schedules and event subscriptions, registered by the server at start (tests register what they test). */
export const FEATURE_JOBS: ReadonlyArray<readonly [name: string, register: JobsRegistrar]> = [
  ['alerts', registerAlertsJobs],
  ['archive', registerArchiveJobs],
  ['channels', registerChannelsJobs],
  ['reports', registerReportsJobs],
  ['rfm', registerRfmJobs],
  ['sop', registerSopJobs],
  ['sync', registerSyncJobs],
  ['transfer', registerTransferJobs],
  ['wecom-callback', registerWecomCallbackJobs],
];
