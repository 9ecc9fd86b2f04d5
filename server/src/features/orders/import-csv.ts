import type { DataSource } from 'typeorm';
import { z } from 'zod';
import { orderInputSchema, type ImportResult, type OrderInput } from '@shared/api/orders.ts';
import { csvEmpty, csvMissingColumns } from '@server/http/error-catalog.ts';
import { log } from '@server/logger.ts';
import { attachUnmatchedOrders } from './attach.ts';
import { parseCsv } from './csv.ts';
import { ingestOrders } from './ingest.ts';

/** The CSV columns, one row per order item (order columns repeat on each item row). */
export const ORDER_CSV_COLUMNS = [
  'order_no', 'source', 'status', 'total_amount', 'paid_amount', 'refunded_amount', 'paid_at', 'updated_at',
  'external_userid', 'unionid', 'phone', 'member_no', 'guide_userid', 'sku', 'name', 'quantity', 'unit_price',
] as const;
const REQUIRED = ['order_no', 'source', 'status', 'paid_amount', 'updated_at'] as const;
const ORDER_LEVEL = ORDER_CSV_COLUMNS.filter((c) => !['sku', 'name', 'quantity', 'unit_price'].includes(c));

const intCell = (label: string) => z.string().trim().transform((v, ctx) => {
  if (v === '') return undefined;
  if (!/^\d+$/.test(v)) {
    ctx.addIssue({ code: 'custom', message: `${label}必须是非负整数（单位：分）：${v.slice(0, 20)}` });
    return z.NEVER;
  }
  return Number(v);
});

/** One CSV row, cells as strings, into typed pieces (the order is then validated by orderInputSchema). */
const rowSchema = z.object({
  total_amount: intCell('订单金额'),
  paid_amount: intCell('实付金额'),
  refunded_amount: intCell('退款金额'),
  quantity: intCell('数量'),
  unit_price: intCell('单价'),
});

export interface InvalidLine { line: number; reason: string }

interface CsvOrder { key: string; lines: number[]; input: unknown; error: string | null }

/** Groups CSV records into orders (by source + order_no, in first-seen order); reasons for bad lines. */
export function ordersFromCsv(text: string): { orders: Array<{ lines: number[]; order: OrderInput }>; invalid: InvalidLine[]; rows: number } {
  const records = parseCsv(text);
  const header = records.shift();
  if (!header) throw csvEmpty();
  const cols = header.fields.map((h) => h.trim().toLowerCase());
  const missing = REQUIRED.filter((c) => !cols.includes(c));
  if (missing.length > 0) throw csvMissingColumns(missing);
  const idx = (name: string) => cols.indexOf(name);
  const invalid: InvalidLine[] = [];
  const byKey = new Map<string, CsvOrder & { items: unknown[] }>();
  for (const rec of records) {
    const cell = (name: string) => (idx(name) >= 0 ? (rec.fields[idx(name)] ?? '').trim() : '');
    if (rec.fields.length !== cols.length) {
      invalid.push({ line: rec.line, reason: `列数不对：应为 ${cols.length} 列，实际 ${rec.fields.length} 列` });
      continue;
    }
    const nums = rowSchema.safeParse({
      total_amount: cell('total_amount'), paid_amount: cell('paid_amount'), refunded_amount: cell('refunded_amount'),
      quantity: cell('quantity'), unit_price: cell('unit_price'),
    });
    if (!nums.success) {
      invalid.push({ line: rec.line, reason: nums.error.issues.map((i) => i.message).join('；') });
      continue;
    }
    const key = `${cell('source')}\u0000${cell('order_no')}`;
    let o = byKey.get(key);
    if (!o) {
      const order: Record<string, unknown> = {};
      for (const c of ORDER_LEVEL) order[c] = cell(c) === '' ? undefined : cell(c);
      Object.assign(order, {
        total_amount: nums.data.total_amount ?? nums.data.paid_amount,
        paid_amount: nums.data.paid_amount,
        refunded_amount: nums.data.refunded_amount ?? 0,
      });
      o = { key, lines: [], input: order, error: null, items: [] };
      byKey.set(key, o);
    }
    o.lines.push(rec.line);
    const hasItem = ['sku', 'name', 'quantity', 'unit_price'].some((c) => cell(c) !== '');
    if (hasItem) o.items.push({ sku: cell('sku'), name: cell('name'), quantity: nums.data.quantity, unit_price: nums.data.unit_price });
  }
  const orders: Array<{ lines: number[]; order: OrderInput }> = [];
  for (const o of byKey.values()) {
    const parsed = orderInputSchema.safeParse({ ...(o.input as Record<string, unknown>), items: o.items });
    if (parsed.success) {
      orders.push({ lines: o.lines, order: parsed.data });
    } else {
      const reason = parsed.error.issues.map((i) => `${i.path.join('.') ? `${i.path.join('.')}：` : ''}${i.message}`).join('；');
      for (const line of o.lines) invalid.push({ line, reason });
    }
  }
  invalid.sort((a, b) => a.line - b.line);
  return { orders, invalid, rows: records.length };
}

export interface ImportOptions {
  /** Orders per transaction. */
  batchSize?: number;
  now?: Date;
  onBatch?: (done: number, total: number) => void;
  /** Test hook: runs after each committed batch (throwing simulates a crash mid-file). */
  afterBatch?: (index: number) => void;
}

/**
 * Imports a CSV of order items: valid orders in batches (each batch one transaction, so a crash
 * leaves no half batch; re-running skips orders already stored with the same updated_at), invalid
 * lines reported with line number and reason. Then attaches earlier unmatched orders.
 */
export async function importOrdersCsv(ds: DataSource, text: string, opts: ImportOptions = {}): Promise<ImportResult> {
  const { orders, invalid, rows } = ordersFromCsv(text);
  const batchSize = opts.batchSize ?? 500;
  const result: ImportResult = { received: orders.length, inserted: 0, updated: 0, ignored: 0, unmatched: 0, rows, batches: 0, invalid };
  for (let i = 0; i < orders.length; i += batchSize) {
    const r = await ingestOrders(ds, orders.slice(i, i + batchSize).map((o) => o.order), opts.now);
    result.inserted += r.inserted;
    result.updated += r.updated;
    result.ignored += r.ignored;
    result.unmatched += r.unmatched;
    result.batches++;
    opts.onBatch?.(Math.min(i + batchSize, orders.length), orders.length);
    opts.afterBatch?.(result.batches - 1);
  }
  await attachUnmatchedOrders({ ds }, { now: opts.now });
  log('orders').info({ rows, orders: orders.length, invalid: invalid.length, inserted: result.inserted, updated: result.updated }, 'order csv imported');
  return result;
}

/** The invalid-lines report as CSV (line,reason). */
export function invalidReportCsv(invalid: readonly InvalidLine[]): string {
  const esc = (s: string) => (/[",\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s);
  return ['line,reason', ...invalid.map((x) => `${x.line},${esc(x.reason)}`)].join('\n') + '\n';
}
