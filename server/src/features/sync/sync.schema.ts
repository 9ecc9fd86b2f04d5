/** Request/response shapes of the admin sync API (shared with the admin UI). */
export {
  startSyncResponseSchema,
  syncRunListQuerySchema,
  syncRunListResponseSchema,
  syncRunSchema,
  type JobHolder,
  type StartSyncResponse,
  type SyncRunDto,
  type SyncRunListResponse,
} from '@shared/api/sync.ts';
export { idParamSchema } from '@shared/api/page.ts';
