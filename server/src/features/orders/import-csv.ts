import type { DataSource } from 'typeorm';
import type { ImportResult } from '@shared/api/orders.ts';
import { log } from '@server/logger.ts';
import { attachUnmatchedOrders } from './attach.ts';
import { ordersFromCsv, type InvalidLine } from './csv-orders.ts';
import { ingestOrders } from './ingest.ts';

export interface ImportOptions {
  /** Orders per transaction. */
  batchSize?: number;
  now?: Date;
  onBatch?: (done: number, total: number) => void;
  /** Test hook: runs after each committed batch (throwing simulates a crash mid-file). */
  afterBatch?: (index: number) => void;
}

/**
 * Imports a CSV of order items: valid orders in batches (each batch one transaction holding whole
 * orders, so a crash leaves no half batch and no half order; re-running skips orders already stored
 * with the same updated_at), the lines of rejected orders reported with line number and reason.
 * Then attaches earlier unmatched orders.
 */
export async function importOrdersCsv(ds: DataSource, text: string, opts: ImportOptions = {}): Promise<ImportResult> {
  const { orders, invalid, rejected, rows } = ordersFromCsv(text);
  const batchSize = opts.batchSize ?? 500;
  const result: ImportResult = {
    received: orders.length,
    inserted: 0,
    updated: 0,
    ignored: 0,
    unmatched: 0,
    rows,
    batches: 0,
    rejected,
    invalid,
  };
  for (let i = 0; i < orders.length; i += batchSize) {
    const r = await ingestOrders(
      ds,
      orders.slice(i, i + batchSize).map((o) => o.order),
      opts.now,
    );
    result.inserted += r.inserted;
    result.updated += r.updated;
    result.ignored += r.ignored;
    result.unmatched += r.unmatched;
    result.batches++;
    opts.onBatch?.(Math.min(i + batchSize, orders.length), orders.length);
    opts.afterBatch?.(result.batches - 1);
  }
  await attachUnmatchedOrders({ ds }, { now: opts.now });
  log('orders').info(
    { rows, orders: orders.length, rejected, invalid: invalid.length, inserted: result.inserted, updated: result.updated },
    'order csv imported',
  );
  return result;
}

/** The invalid-lines report as CSV (line,reason). */
export function invalidReportCsv(invalid: readonly InvalidLine[]): string {
  const esc = (s: string) => (/[",\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s);
  return ['line,reason', ...invalid.map((x) => `${x.line},${esc(x.reason)}`)].join('\n') + '\n';
}
