import { z } from 'zod';
import { envelopeSchema } from './schemas.ts';

/**
 * 在职继承 / 离职继承 wire shapes (wecom-api.md §5.11, §5.17; docs/transfer.md records what is
 * confirmed). The simulator validates requests with the same schemas the client sends.
 */

const int = z.number().int();

/** POST /externalcontact/get_unassigned_list — current doc: cursor + page_size (≤ 1000); page_id is the older form. */
export const unassignedListRequestSchema = z.object({
  page_id: int.min(0).optional(),
  cursor: z.string().optional(),
  page_size: int.min(1).max(1000).optional(),
});
export type UnassignedListRequest = z.infer<typeof unassignedListRequestSchema>;
export const unassignedItemSchema = z.object({ handover_userid: z.string(), external_userid: z.string(), dimission_time: int });
export type UnassignedItem = z.infer<typeof unassignedItemSchema>;
export const unassignedListResponseSchema = envelopeSchema.extend({
  info: z.array(unassignedItemSchema).default([]),
  is_last: z.boolean(),
  next_cursor: z.string().optional(),
});

/** WeCom's limits: ≤ 100 customers per call, the on-job message ≤ 200 characters. */
export const TRANSFER_BATCH_MAX = 100;
export const TRANSFER_MESSAGE_MAX = 200;

/** POST /externalcontact/transfer_customer (在职) and /externalcontact/resigned/transfer_customer (离职, no message). */
export const transferCustomerRequestSchema = z.object({
  handover_userid: z.string().min(1),
  takeover_userid: z.string().min(1),
  external_userid: z.array(z.string().min(1)).min(1).max(TRANSFER_BATCH_MAX),
  transfer_success_msg: z.string().max(TRANSFER_MESSAGE_MAX).optional(),
});
export type TransferCustomerRequest = z.infer<typeof transferCustomerRequestSchema>;
export const transferCustomerResponseSchema = envelopeSchema.extend({
  customer: z.array(z.object({ external_userid: z.string(), errcode: int })).default([]),
});
export type TransferCustomerResponse = z.infer<typeof transferCustomerResponseSchema>;

/** POST /externalcontact/transfer_result and /externalcontact/resigned/transfer_result. */
export const transferResultRequestSchema = z.object({
  handover_userid: z.string().min(1),
  takeover_userid: z.string().min(1),
  cursor: z.string().optional(),
});
/** 1 接替完毕, 2 等待接替, 3 客户拒绝, 4 接替成员客户达到上限, 5 无接替记录 (on-job only). */
export const transferResultItemSchema = z.object({ external_userid: z.string(), status: int, takeover_time: int });
export type TransferResultItem = z.infer<typeof transferResultItemSchema>;
export const transferResultResponseSchema = envelopeSchema.extend({
  customer: z.array(transferResultItemSchema).default([]),
  next_cursor: z.string().optional(),
});

/** POST /externalcontact/groupchat/transfer (resigned owner) and /groupchat/onjob_transfer: 1–100 chats. */
export const groupChatTransferRequestSchema = z.object({
  chat_id_list: z.array(z.string().min(1)).min(1).max(TRANSFER_BATCH_MAX),
  new_owner: z.string().min(1),
});
export type GroupChatTransferRequest = z.infer<typeof groupChatTransferRequestSchema>;
export const groupChatTransferResponseSchema = envelopeSchema.extend({
  // Whether WeCom sends [] or leaves the field out when every chat moved is not confirmed: both are read as "none failed".
  failed_chat_list: z.array(z.object({ chat_id: z.string(), errcode: int, errmsg: z.string().optional() })).default([]),
});
export type GroupChatTransferResponse = z.infer<typeof groupChatTransferResponseSchema>;
