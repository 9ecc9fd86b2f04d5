import { z } from 'zod';
import { orderInputSchema, orderItemInputSchema, type OrderInput, type OrderItemInput } from '@shared/api/orders.ts';
import { csvEmpty, csvMissingColumns } from '@server/http/error-catalog.ts';
import { parseCsv, type CsvRecord } from './csv.ts';

/** The CSV columns, one row per order item (order columns repeat on each item row). */
export const ORDER_CSV_COLUMNS = [
  'order_no',
  'source',
  'status',
  'total_amount',
  'paid_amount',
  'refunded_amount',
  'paid_at',
  'updated_at',
  'external_userid',
  'unionid',
  'phone',
  'member_no',
  'birthday',
  'guide_userid',
  'sku',
  'name',
  'quantity',
  'unit_price',
] as const;
const REQUIRED = ['order_no', 'source', 'status', 'paid_amount', 'updated_at'] as const;
const ITEM_COLUMNS: readonly string[] = ['sku', 'name', 'quantity', 'unit_price'];
const ORDER_LEVEL = ORDER_CSV_COLUMNS.filter((c) => !ITEM_COLUMNS.includes(c));
const AMOUNT_COLUMNS = ['total_amount', 'paid_amount', 'refunded_amount'] as const;

const intCell = (label: string) =>
  z
    .string()
    .trim()
    .transform((v, ctx) => {
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
type RowNumbers = z.infer<typeof rowSchema>;

export interface InvalidLine {
  line: number;
  reason: string;
}

/** One physical record: its cells by column, and what is wrong with it on its own. */
interface CsvRow {
  line: number;
  cell: (name: string) => string;
  nums: RowNumbers | null;
  item: OrderItemInput | null;
  problems: string[];
}

const issueText = (issues: readonly z.core.$ZodIssue[]) =>
  issues.map((i) => `${i.path.join('.') ? `${i.path.join('.')}：` : ''}${i.message}`).join('；');

/** The order-level value of a row as compared across the rows of one order (amounts as numbers, so 0100 = 100). */
function orderValue(row: CsvRow, column: string): string {
  const amount = (AMOUNT_COLUMNS as readonly string[]).includes(column) ? row.nums?.[column as (typeof AMOUNT_COLUMNS)[number]] : undefined;
  return amount !== undefined ? String(amount) : row.cell(column);
}

/** Order-level columns whose value differs between the rows of one order, with where each value first appears. */
function conflictsOf(rows: readonly CsvRow[]): string[] {
  const out: string[] = [];
  for (const column of ORDER_LEVEL) {
    const firstLine = new Map<string, number>();
    for (const r of rows) if (!firstLine.has(orderValue(r, column))) firstLine.set(orderValue(r, column), r.line);
    if (firstLine.size > 1) {
      out.push(`${column}（${[...firstLine].map(([v, line]) => `第 ${line} 行 "${v.slice(0, 30)}"`).join('，')}）`);
    }
  }
  return out;
}

function readRow(cols: readonly string[], rec: CsvRecord): CsvRow {
  const cell = (name: string) => (cols.indexOf(name) >= 0 ? (rec.fields[cols.indexOf(name)] ?? '').trim() : '');
  const row: CsvRow = { line: rec.line, cell, nums: null, item: null, problems: [] };
  if (rec.fields.length !== cols.length) {
    row.problems.push(`列数不对：应为 ${cols.length} 列，实际 ${rec.fields.length} 列`);
    return row;
  }
  const nums = rowSchema.safeParse({
    total_amount: cell('total_amount'),
    paid_amount: cell('paid_amount'),
    refunded_amount: cell('refunded_amount'),
    quantity: cell('quantity'),
    unit_price: cell('unit_price'),
  });
  if (!nums.success) {
    row.problems.push(nums.error.issues.map((i) => i.message).join('；'));
    return row;
  }
  row.nums = nums.data;
  if (ITEM_COLUMNS.some((c) => cell(c) !== '')) {
    const item = orderItemInputSchema.safeParse({
      sku: cell('sku'),
      name: cell('name'),
      quantity: nums.data.quantity,
      unit_price: nums.data.unit_price,
    });
    if (item.success) row.item = item.data;
    else row.problems.push(issueText(item.error.issues));
  }
  return row;
}

/**
 * Checks one order (all its rows) as a whole: it is written only if every row is valid, the rows
 * agree on every order-level column, and the assembled order passes orderInputSchema. Otherwise
 * every one of its lines is reported, so a bad item never leaves a partial order behind and a
 * second version of an order in the same file (e.g. a later refund) is never silently merged.
 */
function checkOrder(rows: readonly CsvRow[]): { order: OrderInput } | { invalid: InvalidLine[] } {
  const first = rows[0] as CsvRow;
  const name = first.cell('order_no') || '（无订单号）';
  const badLines = rows.filter((r) => r.problems.length > 0).map((r) => r.line);
  const conflicts = badLines.length === rows.length ? [] : conflictsOf(rows.filter((r) => r.problems.length === 0));
  if (badLines.length > 0 || conflicts.length > 0) {
    const conflict = conflicts.length > 0 ? `订单 ${name} 的各行订单信息不一致：${conflicts.join('；')}` : null;
    return {
      invalid: rows.map((r) => {
        const reasons =
          r.problems.length > 0 ? [...r.problems] : badLines.length > 0 ? [`订单 ${name} 的第 ${badLines.join('、')} 行有误`] : [];
        if (conflict && r.problems.length === 0) reasons.push(conflict);
        if (rows.length > 1) reasons.push('整单未导入');
        return { line: r.line, reason: reasons.join('；') };
      }),
    };
  }
  const input: Record<string, unknown> = {};
  for (const c of ORDER_LEVEL) input[c] = first.cell(c) === '' ? undefined : first.cell(c);
  const nums = first.nums as RowNumbers;
  Object.assign(input, {
    total_amount: nums.total_amount ?? nums.paid_amount,
    paid_amount: nums.paid_amount,
    refunded_amount: nums.refunded_amount ?? 0,
    items: rows.flatMap((r) => (r.item ? [r.item] : [])),
  });
  const parsed = orderInputSchema.safeParse(input);
  if (parsed.success) return { order: parsed.data };
  const reason = issueText(parsed.error.issues);
  return { invalid: rows.map((r) => ({ line: r.line, reason })) };
}

/**
 * Groups CSV records into orders (by source + order_no, in first-seen order) and checks each order
 * as a whole (checkOrder); the lines of rejected orders come back with their reasons.
 */
export function ordersFromCsv(text: string): {
  orders: Array<{ lines: number[]; order: OrderInput }>;
  invalid: InvalidLine[];
  rejected: number;
  rows: number;
} {
  const records = parseCsv(text);
  const header = records.shift();
  if (!header) throw csvEmpty();
  const cols = header.fields.map((h) => h.trim().toLowerCase());
  const missing = REQUIRED.filter((c) => !cols.includes(c));
  if (missing.length > 0) throw csvMissingColumns(missing);
  // Even a row with the wrong number of cells is grouped by the order it names, so it still rejects that order.
  const byKey = new Map<string, CsvRow[]>();
  for (const rec of records) {
    const row = readRow(cols, rec);
    const key = `${row.cell('source')}\u0000${row.cell('order_no')}`;
    const group = byKey.get(key);
    if (group) group.push(row);
    else byKey.set(key, [row]);
  }
  const orders: Array<{ lines: number[]; order: OrderInput }> = [];
  const invalid: InvalidLine[] = [];
  let rejected = 0;
  for (const rows of byKey.values()) {
    const checked = checkOrder(rows);
    if ('order' in checked) {
      orders.push({ lines: rows.map((r) => r.line), order: checked.order });
    } else {
      invalid.push(...checked.invalid);
      rejected++;
    }
  }
  invalid.sort((a, b) => a.line - b.line);
  return { orders, invalid, rejected, rows: records.length };
}
