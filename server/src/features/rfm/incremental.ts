import type { EntityManager } from 'typeorm';
import { lifecycleStage, scoreOne } from '@shared/rfm/score.ts';
import { RfmRunEntity } from '@server/entities/RfmRun.ts';
import { caseUpdate, fromDbTime, marks, num, select } from '@server/db/sql.ts';
import { aggregateCustomers } from './aggregate-sql.ts';
import { loadRfmSettings } from './settings.ts';
import { storedSegment, writeCustomerRfmSmall, writeSegmentChanges, type CustomerRfmRow, type SegmentChange } from './write.ts';

/**
 * Re-scores a few customers at once (after a paid/refunded order) against the cut points and
 * means of the latest successful run, so their tier moves immediately without a full recompute.
 * Before any run exists only the lifecycle stage is updated (there are no cut points yet).
 * Two queries for the facts, one UPDATE, plus segment_changed interactions; runs in `em`'s transaction.
 */
export async function rescoreCustomers(em: EntityManager, customerIds: readonly number[], now = new Date()): Promise<void> {
  const ids = [...new Set(customerIds)];
  if (ids.length === 0) return;
  const settings = await loadRfmSettings(em.connection);
  const run = await em.getRepository(RfmRunEntity).findOne({ where: { status: 'succeeded' }, order: { id: 'DESC' } });
  const windowDays = run?.windowDays ?? settings.windowDays;
  const aggs = new Map((await aggregateCustomers(em, { now, windowDays, ids })).map((a) => [a.customerId, a]));
  const customers = await select<{
    id: number | string;
    rfm_r: unknown;
    rfm_f: unknown;
    rfm_m: unknown;
    rfm_segment: string | null;
    last_interaction_at: unknown;
  }>(em, `SELECT id, rfm_r, rfm_f, rfm_m, rfm_segment, last_interaction_at FROM customer WHERE id IN (${marks(ids.length)})`, ids);
  const rows: CustomerRfmRow[] = [];
  const changes: SegmentChange[] = [];
  const stageOnly: Array<{ id: number; stage: string }> = [];
  for (const c of customers) {
    const id = num(c.id);
    const agg = aggs.get(id) ?? { customerId: id, frequency: 0, monetary: 0, lastPaidAt: null, hasOlderOrders: false, lastPaidEver: null };
    const stage = lifecycleStage(
      {
        frequency: agg.frequency,
        hasOrders: agg.frequency > 0 || agg.hasOlderOrders,
        lastPaidAt: agg.lastPaidEver,
        lastInteractionAt: fromDbTime(c.last_interaction_at)?.getTime() ?? null,
      },
      now.getTime(),
      settings.churnSilenceDays,
    );
    if (!run) {
      stageOnly.push({ id, stage });
      continue;
    }
    const s = scoreOne(agg, now.getTime(), run.cutPoints, run.means);
    rows.push({ id, r: s.r, f: s.f, m: s.m, segment: s.segment, stage });
    const from = storedSegment(c.rfm_segment);
    if (from !== null && from !== s.segment) changes.push({ customerId: id, from, to: s.segment });
  }
  await caseUpdate(em, {
    table: 'customer',
    key: 'id',
    columns: ['lifecycle_stage'],
    rows: stageOnly.map((x) => [x.id, x.stage]),
    chunk: 200,
  });
  await writeCustomerRfmSmall(em, rows, now);
  await writeSegmentChanges(em, changes, now, `rfm:i${now.getTime()}`, { runId: run?.id ?? null, incremental: true });
}
