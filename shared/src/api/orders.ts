import { z } from 'zod';
import { ATTRIBUTION_RULES, ORDER_STATUSES } from '@shared/enums.ts';
import { checkLineTotal, fen, quantity } from './amounts.ts';
import { strictTime } from './dates.ts';
import { monthDay } from './field-values.ts';

const isoTime = (label: string) => strictTime(label, 'datetime');
const optionalId = (label: string, max: number) =>
  z
    .string({ error: `${label}必须是字符串` })
    .trim()
    .max(max, `${label}过长`)
    .optional()
    .nullable()
    .transform((v) => (v === undefined || v === null || v === '' ? null : v));

export const orderItemInputSchema = z
  .object({
    sku: z.string({ error: '商品编码 sku 必填' }).trim().min(1, '商品编码 sku 必填').max(64, '商品编码过长'),
    name: z.string({ error: '商品名称 name 必填' }).trim().min(1, '商品名称 name 必填').max(255, '商品名称过长'),
    quantity,
    unit_price: fen('单价'),
  })
  .superRefine(checkLineTotal);
export type OrderItemInput = z.infer<typeof orderItemInputSchema>;

/**
 * One order as the shop/ERP sends it (webhook or one CSV order). Amounts in fen (bounds in
 * amounts.ts); times ISO-8601, strictly read (a time without offset is read as UTC).
 * Identity: any subset of external_userid, unionid, phone, member_no. member_no and birthday are also
 * written onto the matched customer (the shop's member system is where a real corp has them).
 */
export const orderInputSchema = z
  .object({
    order_no: z.string({ error: '订单号 order_no 必填' }).trim().min(1, '订单号 order_no 必填').max(64, '订单号过长（最多 64 字符）'),
    source: z.string({ error: '来源 source 必填' }).trim().min(1, '来源 source 必填').max(32, '来源过长（最多 32 字符）'),
    status: z.enum(ORDER_STATUSES, { error: '订单状态 status 只能是 paid、refunded、partially_refunded 或 cancelled' }),
    total_amount: fen('订单金额 total_amount'),
    paid_amount: fen('实付金额 paid_amount'),
    refunded_amount: fen('退款金额 refunded_amount').default(0),
    paid_at: isoTime('支付时间 paid_at').optional().nullable(),
    updated_at: isoTime('更新时间 updated_at'),
    items: z.array(orderItemInputSchema, { error: '商品明细 items 必须是数组' }).max(500, '商品明细最多 500 行').default([]),
    external_userid: optionalId('external_userid', 64),
    unionid: optionalId('unionid', 64),
    phone: optionalId('手机号 phone', 32),
    member_no: optionalId('会员号 member_no', 64),
    /** The member's birthday from the shop's member system: MM-DD or YYYY-MM-DD, kept as MM-DD on the customer. */
    birthday: z
      .string({ error: '生日 birthday 必须是字符串' })
      .trim()
      .max(10, '生日 birthday 应为 MM-DD 或 YYYY-MM-DD')
      .nullable()
      .transform((v, ctx) => {
        if (v === null || v === '') return null;
        const day = monthDay(v);
        if (!day) ctx.addIssue({ code: 'custom', message: `生日 birthday 应为 MM-DD 或 YYYY-MM-DD 的有效日期：${v}` });
        return day;
      })
      .optional(),
    guide_userid: optionalId('导购 guide_userid', 64),
  })
  .superRefine((o, ctx) => {
    if (o.refunded_amount > o.paid_amount) ctx.addIssue({ code: 'custom', path: ['refunded_amount'], message: '退款金额不能大于实付金额' });
    if (o.status !== 'cancelled' && !o.paid_at)
      ctx.addIssue({ code: 'custom', path: ['paid_at'], message: '已支付或退款的订单必须有支付时间 paid_at' });
    if (o.status === 'refunded' && o.refunded_amount < o.paid_amount)
      ctx.addIssue({ code: 'custom', path: ['refunded_amount'], message: '全额退款（refunded）的退款金额必须等于实付金额' });
    if (o.status === 'partially_refunded' && o.refunded_amount <= 0)
      ctx.addIssue({ code: 'custom', path: ['refunded_amount'], message: '部分退款（partially_refunded）必须有退款金额' });
  });
export type OrderInput = z.infer<typeof orderInputSchema>;

/** POST /api/integrations/orders: one order, or `{ orders: [...] }` (at most 500). */
export const orderWebhookBodySchema = z.preprocess(
  // A single order is a batch of one, so field errors keep their precise messages (path orders.0.*).
  (v) => (v !== null && typeof v === 'object' && !Array.isArray(v) && 'orders' in v ? v : { orders: [v] }),
  z.object({
    orders: z.array(orderInputSchema, { error: 'orders 必须是订单数组' }).min(1, 'orders 不能为空').max(500, '每批最多 500 个订单'),
  }),
);

export const ingestResultSchema = z.object({
  received: z.number().int(),
  /** New orders stored. */
  inserted: z.number().int(),
  /** Existing orders replaced by a newer version. */
  updated: z.number().int(),
  /** Repeats and older versions of stored orders: ignored. */
  ignored: z.number().int(),
  /** Stored without a customer (no identity matched yet). */
  unmatched: z.number().int(),
});
export type IngestResult = z.infer<typeof ingestResultSchema>;

/**
 * POST /api/admin/orders/import (text/csv): what was imported and which lines were rejected. An order
 * is all or nothing: one bad line, or lines disagreeing on its order fields, rejects all its lines.
 */
export const importResultSchema = ingestResultSchema.extend({
  rows: z.number().int(),
  batches: z.number().int(),
  /** Orders not written at all (each of their lines is in `invalid`). */
  rejected: z.number().int(),
  invalid: z.array(z.object({ line: z.number().int(), reason: z.string() })),
});
export type ImportResult = z.infer<typeof importResultSchema>;

export const orderItemSchema = z.object({
  sku: z.string(),
  name: z.string(),
  quantity: z.number().int(),
  unitPrice: z.number().int(),
  amount: z.number().int(),
});

/** An order on a customer's profile (money in fen). */
export const customerOrderSchema = z.object({
  id: z.number().int(),
  source: z.string(),
  orderNo: z.string(),
  status: z.enum(ORDER_STATUSES),
  statusLabel: z.string(),
  totalAmount: z.number().int(),
  paidAmount: z.number().int(),
  refundedAmount: z.number().int(),
  /** paid − refunded. */
  netAmount: z.number().int(),
  paidAt: z.string().nullable(),
  guide: z.object({ id: z.number().int(), userid: z.string(), name: z.string() }).nullable(),
  attribution: z.enum(ATTRIBUTION_RULES).nullable(),
  items: z.array(orderItemSchema),
});
export type CustomerOrder = z.infer<typeof customerOrderSchema>;

/** GET /api/customers/:id/orders?cursor=&limit= — newest first. */
export const customerOrdersResponseSchema = z.object({ items: z.array(customerOrderSchema), nextCursor: z.string().nullable() });
export type CustomerOrdersResponse = z.infer<typeof customerOrdersResponseSchema>;

/** GET /api/admin/orders/unmatched?cursor=&limit= — orders no customer matched yet (admins fix identities). */
export const unmatchedOrderSchema = z.object({
  id: z.number().int(),
  source: z.string(),
  orderNo: z.string(),
  status: z.enum(ORDER_STATUSES),
  paidAmount: z.number().int(),
  paidAt: z.string().nullable(),
  externalUserid: z.string().nullable(),
  unionid: z.string().nullable(),
  /** Masked (138****5678). */
  phone: z.string().nullable(),
  memberNo: z.string().nullable(),
  receivedAt: z.string(),
});
export const unmatchedOrdersResponseSchema = z.object({
  items: z.array(unmatchedOrderSchema),
  nextCursor: z.string().nullable(),
  total: z.number().int(),
});
export type UnmatchedOrdersResponse = z.infer<typeof unmatchedOrdersResponseSchema>;

export const ORDER_STATUS_LABELS: Record<(typeof ORDER_STATUSES)[number], string> = {
  paid: '已支付',
  refunded: '已退款',
  partially_refunded: '部分退款',
  cancelled: '已取消',
};
