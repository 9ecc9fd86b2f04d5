/** Request/response contracts of the archive feature live in shared/src/api/archive.ts (the sidebar imports them too). */
export {
  chatQuerySchema,
  chatResponseSchema,
  archiveConsentResponseSchema,
  createSensitiveWordSchema,
  flagQuerySchema,
  archiveFlagPageSchema,
  replyStatsQuerySchema,
  replyStatsResponseSchema,
  sensitiveWordListSchema,
  sensitiveWordSchema,
  archiveStatusSchema,
} from '@shared/api/archive.ts';
export type {
  ChatQuery,
  ChatResponse,
  ArchiveConsentResponse,
  ArchiveFlagDto,
  ReplyStatsRow,
  SensitiveWordDto,
} from '@shared/api/archive.ts';
