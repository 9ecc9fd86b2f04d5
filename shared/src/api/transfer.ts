import { z } from 'zod';
import { LIFECYCLE_STAGES, RFM_SEGMENTS } from '../enums.ts';

/** WeCom's limit on the message an on-job transfer sends the customer. */
export const TRANSFER_MESSAGE_MAX = 200;

const id = z.coerce.number().int().positive().max(2_147_483_647);

/**
 * Which customers to hand over: those of one guide (on the job, or resigned), or those followed by the
 * on-job guides of a store (a whole store's 在职继承); every other part narrows the set.
 */
export const transferFilterSchema = z
  .object({
    /** The guide whose customers move; absent = every on-job guide of `storeId`. */
    handoverStaffId: id.optional(),
    /** The store (department): with a guide, that guide's store; without, customers followed by its on-job guides. */
    storeId: id.optional(),
    segments: z.array(z.enum(RFM_SEGMENTS)).max(20).optional(),
    lifecycles: z.array(z.enum(LIFECYCLE_STAGES)).max(10).optional(),
    /** Customers carrying any of these corp tags (on the handover's relation). */
    tagIds: z.array(z.string().min(1).max(64)).max(50).optional(),
    /** Last contact: no interaction for at least this many days (silent customers)… */
    silentDays: z.number().int().min(1).max(3650).optional(),
    /** …or an interaction within this many days (active customers). */
    activeDays: z.number().int().min(1).max(3650).optional(),
  })
  .refine((f) => f.handoverStaffId !== undefined || f.storeId !== undefined, {
    message: '请选择原跟进人或门店',
    path: ['handoverStaffId'],
  });
export type TransferFilter = z.infer<typeof transferFilterSchema>;

/** One guide takes everything, or the guides of a store share it evenly. */
export const transferTakeoverSchema = z.discriminatedUnion('mode', [
  z.object({ mode: z.literal('staff'), staffId: id }),
  z.object({ mode: z.literal('store'), storeId: id }),
]);
export type TransferTakeover = z.infer<typeof transferTakeoverSchema>;

/** POST /api/transfer/preview — the count before anything happens. */
export const transferPreviewBodySchema = z.object({ filter: transferFilterSchema, includeGroups: z.boolean().default(false) });
export const transferPreviewSchema = z.object({
  kind: z.enum(['onjob', 'resigned']),
  customers: z.number().int(),
  groups: z.number().int(),
  /** A few names, so the manager recognises the set. */
  sample: z.array(z.string()),
});
export type TransferPreview = z.infer<typeof transferPreviewSchema>;

/** POST /api/transfer/jobs — start a transfer of what the filter selects. */
export const createTransferBodySchema = z.object({
  filter: transferFilterSchema,
  takeover: transferTakeoverSchema,
  message: z.string().trim().max(TRANSFER_MESSAGE_MAX, `转接提示语最多 ${TRANSFER_MESSAGE_MAX} 字`).optional(),
  includeGroups: z.boolean().default(false),
  /** The count the manager saw; the job is refused if the set changed since (nothing is sent). */
  expectedCount: z.number().int().min(0),
});
export type CreateTransferBody = z.infer<typeof createTransferBodySchema>;

export const TRANSFER_ITEM_STATES = ['queued', 'calling', 'waiting', 'transferred', 'failed'] as const;
export type TransferItemState = (typeof TRANSFER_ITEM_STATES)[number];

export const transferCountsSchema = z.object({
  total: z.number().int(),
  queued: z.number().int(),
  waiting: z.number().int(),
  transferred: z.number().int(),
  failed: z.number().int(),
});

export const transferJobSchema = z.object({
  id: z.number().int(),
  kind: z.enum(['onjob', 'resigned']),
  kindLabel: z.string(),
  /** The guide handed over, or for a whole store's transfer no staffId and a name like 「上海店 全部在职导购」. */
  handover: z.object({ staffId: z.number().int().nullable(), name: z.string() }),
  status: z.enum(['sending', 'waiting', 'finished']),
  statusLabel: z.string(),
  message: z.string().nullable(),
  createdBy: z.string(),
  createdAt: z.string(),
  finishedAt: z.string().nullable(),
  counts: transferCountsSchema,
});
export type TransferJobDto = z.infer<typeof transferJobSchema>;

export const transferItemSchema = z.object({
  id: z.number().int(),
  target: z.enum(['customer', 'group']),
  name: z.string(),
  customerId: z.number().int().nullable(),
  takeover: z.object({ staffId: z.number().int(), name: z.string() }),
  state: z.enum(TRANSFER_ITEM_STATES),
  stateLabel: z.string(),
  /** Why it failed, in Chinese (WeCom's errcode or the customer's refusal). */
  reason: z.string().nullable(),
  errcode: z.number().int().nullable(),
  /** Waiting: when WeCom completes it; transferred: when it did. */
  takeoverAt: z.string().nullable(),
});
export type TransferItemDto = z.infer<typeof transferItemSchema>;

export const transferJobDetailSchema = transferJobSchema.extend({
  items: z.array(transferItemSchema),
  nextCursor: z.string().nullable(),
});
export type TransferJobDetail = z.infer<typeof transferJobDetailSchema>;

export const transferJobItemsQuerySchema = z.object({
  state: z.enum(TRANSFER_ITEM_STATES).optional(),
  cursor: z.string().max(200).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});

export const transferJobListSchema = z.object({ items: z.array(transferJobSchema) });

/** GET /api/transfer/options — what the page's pickers offer (within the caller's departments). */
export const transferOptionsSchema = z.object({
  stores: z.array(z.object({ id: z.number().int(), name: z.string() })),
  guides: z.array(
    z.object({
      staffId: z.number().int(),
      userid: z.string(),
      name: z.string(),
      storeId: z.number().int().nullable(),
      resigned: z.boolean(),
      /** Resigned: customers waiting in WeCom's unassigned list; on the job: customers followed. */
      customers: z.number().int(),
    }),
  ),
  tags: z.array(z.object({ id: z.string(), name: z.string(), group: z.string() })),
});
export type TransferOptions = z.infer<typeof transferOptionsSchema>;

/** POST /api/transfer/jobs/:id/retry — the failed items queued again. */
export const transferRetrySchema = z.object({ requeued: z.number().int() });
