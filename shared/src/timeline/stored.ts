import { z } from 'zod';
import type { InteractionType } from '@shared/enums.ts';
import {
  chatMessagePayloadSchema,
  followUpDonePayloadSchema,
  profileUpdatedPayloadSchema,
  friendAddedPayloadSchema,
  friendLostPayloadSchema,
  groupJoinPayloadSchema,
  groupLeavePayloadSchema,
  groupMessagePayloadSchema,
  notePayloadSchema,
  orderPaidPayloadSchema,
  orderRefundedPayloadSchema,
  remarkChangedPayloadSchema,
  scriptSentPayloadSchema,
  segmentChangedPayloadSchema,
  tagChangePayloadSchema,
  transferredPayloadSchema,
} from './payloads.ts';

/**
 * Reading payloads already in the database. Rows written before the payload
 * schemas (older sync and sidebar versions, the demo seed) spell some fields
 * differently (`tag_id`, `tagId`, `order_no`, `content` for a message's text…);
 * the preprocess maps those onto the schema's field, and every field is
 * optional and dropped when malformed, so an old row still displays what it has.
 */

type Raw = Record<string, unknown>;
type Legacy = (p: Raw) => Raw;

/** The first of `keys` holding a value (an empty string counts as none). */
function first(p: Raw, keys: readonly string[]): unknown {
  for (const k of keys) {
    const v = p[k];
    if (v !== undefined && v !== null && v !== '') return v;
  }
  return undefined;
}

/** A list field that older writers stored as one string. */
function list(p: Raw, keys: readonly string[]): string[] | undefined {
  for (const k of keys) {
    const v = p[k];
    if (Array.isArray(v)) return v.filter((x): x is string => typeof x === 'string');
    if (typeof v === 'string' && v !== '') return [v];
  }
  return undefined;
}

/** Numbers that older writers stored as numeric strings. */
function numeric(v: unknown): unknown {
  return typeof v === 'string' && v.trim() !== '' && Number.isFinite(Number(v)) ? Number(v) : v;
}

const message: Legacy = (p) => ({ ...p, text: first(p, ['text', 'content']) });
const tags: Legacy = (p) => ({
  ...p,
  tagIds: list(p, ['tagIds', 'tag_ids', 'tagId', 'tag_id']),
  tagNames: list(p, ['tagNames', 'tag_names', 'tagName', 'tag_name']),
});
const followUp: Legacy = (p) => ({ ...p, followUpId: numeric(p.followUpId) });
const order =
  (amount: 'paidAmount' | 'refundedAmount', old: string): Legacy =>
  (p) => ({
    ...p,
    orderNo: first(p, ['orderNo', 'order_no']),
    [amount]: numeric(first(p, [amount, 'amount', old])),
  });

const LEGACY: Record<InteractionType, Legacy | null> = {
  message_in: message,
  message_out: message,
  group_message: message,
  friend_added: (p) => ({ ...p, addWay: numeric(first(p, ['addWay', 'add_way'])) }),
  friend_lost: (p) => ({ ...p, reason: first(p, ['reason', 'lostReason', 'lost_reason']) }),
  tag_added: tags,
  tag_removed: tags,
  note: followUp,
  follow_up_done: followUp,
  script_sent: (p) => ({
    ...p,
    scriptTitle: first(p, ['scriptTitle', 'title']),
    scriptType: first(p, ['scriptType', 'script_type']),
    scriptId: numeric(p.scriptId),
  }),
  remark_changed: null,
  order_paid: order('paidAmount', 'paid_amount'),
  order_refunded: order('refundedAmount', 'refunded_amount'),
  group_join: null,
  group_leave: null,
  segment_changed: null,
  transferred: null,
  profile_updated: null,
};

type Lenient<S extends Record<string, z.ZodType>> = { [K in keyof S]: z.ZodCatch<z.ZodOptional<S[K]>> };

/** Each field optional, and undefined instead of an error when a stored value does not fit. */
function lenient<S extends Record<string, z.ZodType>>(shape: S): Lenient<S> {
  const out: Record<string, z.ZodType> = {};
  for (const [key, field] of Object.entries(shape)) out[key] = field.optional().catch(undefined);
  // Object.entries loses the key ↔ schema pairing; the loop maps every key of S as Lenient<S> says.
  return out as Lenient<S>;
}

function stored<T extends InteractionType, S extends Record<string, z.ZodType>>(type: T, schema: { shape: S }) {
  const legacy = LEGACY[type];
  const payload = z.preprocess(
    (raw) => {
      const p: Raw = raw !== null && typeof raw === 'object' && !Array.isArray(raw) ? { ...raw } : {};
      return legacy ? legacy(p) : p;
    },
    z.object(lenient(schema.shape)),
  );
  return z.object({ type: z.literal(type), payload });
}

/** `{ type, payload }` of a stored interaction; the payload keeps only the schema's fields. */
export const storedInteractionSchema = z.discriminatedUnion('type', [
  stored('message_in', chatMessagePayloadSchema),
  stored('message_out', chatMessagePayloadSchema),
  stored('group_message', groupMessagePayloadSchema),
  stored('friend_added', friendAddedPayloadSchema),
  stored('friend_lost', friendLostPayloadSchema),
  stored('tag_added', tagChangePayloadSchema),
  stored('tag_removed', tagChangePayloadSchema),
  stored('note', notePayloadSchema),
  stored('follow_up_done', followUpDonePayloadSchema),
  stored('script_sent', scriptSentPayloadSchema),
  stored('remark_changed', remarkChangedPayloadSchema),
  stored('order_paid', orderPaidPayloadSchema),
  stored('order_refunded', orderRefundedPayloadSchema),
  stored('group_join', groupJoinPayloadSchema),
  stored('group_leave', groupLeavePayloadSchema),
  stored('segment_changed', segmentChangedPayloadSchema),
  stored('transferred', transferredPayloadSchema),
  stored('profile_updated', profileUpdatedPayloadSchema),
]);
export type StoredInteraction = z.infer<typeof storedInteractionSchema>;
export type StoredPayload<T extends InteractionType> = Extract<StoredInteraction, { type: T }>['payload'];

/** A stored row's payload read through its type's schema; null for a type this version does not know. */
export function readStoredInteraction(type: string, payload: unknown): StoredInteraction | null {
  const parsed = storedInteractionSchema.safeParse({ type, payload });
  return parsed.success ? parsed.data : null;
}
