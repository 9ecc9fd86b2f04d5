import { z } from 'zod';
import { addOutOfRange } from './out-of-range.ts';

/**
 * Bounds of money (integer fen) and quantities. 10^11 fen is 10 亿元, far above any real order,
 * and keeps every product and sum well inside a signed 64-bit column and a JS safe integer.
 */
export const MAX_AMOUNT_FEN = 100_000_000_000;
export const MAX_QUANTITY = 100_000;

/** A non-negative integer amount in fen, at most MAX_AMOUNT_FEN. */
export const fen = (label: string) =>
  z.number({ error: `${label}必须是整数（单位：分）` }).superRefine((v, ctx) => {
    if (!Number.isInteger(v)) ctx.addIssue({ code: 'custom', message: `${label}必须是整数（单位：分）` });
    else if (v < 0) ctx.addIssue({ code: 'custom', message: `${label}不能为负数` });
    else if (v > MAX_AMOUNT_FEN) addOutOfRange(ctx, `${label}不能超过 ${MAX_AMOUNT_FEN} 分（10 亿元）`);
  });

/** A whole number of pieces, 1..MAX_QUANTITY. */
export const quantity = z.number({ error: '数量必须是正整数' }).superRefine((v, ctx) => {
  if (!Number.isInteger(v) || v < 1) ctx.addIssue({ code: 'custom', message: '数量必须是正整数' });
  else if (v > MAX_QUANTITY) addOutOfRange(ctx, `数量不能超过 ${MAX_QUANTITY}`);
});

/** quantity × unit price is what gets stored as the line amount, so it is bounded like any amount. */
export function checkLineTotal(item: { quantity: number; unit_price: number }, ctx: z.RefinementCtx): void {
  const valid = (v: number, max: number) => Number.isInteger(v) && v >= 0 && v <= max;
  // Only when both factors are valid themselves: their own issues already say what is wrong.
  if (!valid(item.quantity, MAX_QUANTITY) || !valid(item.unit_price, MAX_AMOUNT_FEN)) return;
  if (item.quantity * item.unit_price > MAX_AMOUNT_FEN)
    addOutOfRange(ctx, `商品金额（数量 × 单价）不能超过 ${MAX_AMOUNT_FEN} 分（10 亿元）`, ['unit_price']);
}
