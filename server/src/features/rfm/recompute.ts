import type { DataSource } from 'typeorm';
import type { LifecycleStage } from '@shared/enums.ts';
import {
  emptySegmentCounts,
  lifecycleStage,
  nearestRankCutPoints,
  recencyDays,
  scoreAscending,
  scoreRecency,
  segmentOf,
  type CutPoints,
  type RfmMeans,
} from '@shared/rfm/score.ts';
import { RfmRunEntity, type RfmRun } from '@server/entities/RfmRun.ts';
import { log } from '@server/logger.ts';
import { fromDbTime, isMysql, num, select, selectOne } from '@server/db/sql.ts';
import { aggregateCustomers, streamAllAggregates, type SqlAggregate } from './aggregate-sql.ts';
import { loadRfmSettings } from './settings.ts';
import {
  createStageTable,
  storedSegment,
  dropStageTable,
  touchComputedAt,
  writeCustomerRfm,
  writeSegmentChanges,
  type CustomerRfmRow,
  type SegmentChange,
} from './write.ts';

export interface RfmProgress {
  phase: 'aggregate' | 'write';
  done: number;
  total: number;
}

export interface RfmJobOptions {
  trigger: RfmRun['triggeredBy'];
  /** The computation time (tests pin it). */
  now?: Date;
  /** Customer ids per streamed chunk (aggregate query and write transaction). */
  chunkIds?: number;
  onProgress?: (p: RfmProgress) => void;
  /** Test hook: called after each committed write chunk. */
  afterChunk?: (index: number) => void;
}

/** Column-wise aggregates of the scored population, sorted by customer id (1M customers ≈ 50 MB). */
interface Columns {
  ids: number[];
  f: number[];
  m: number[];
  /** Recency days (only meaningful when f > 0). */
  days: number[];
  older: boolean[];
  lastEver: Array<number | null>;
}

/**
 * Full RFM recompute as one set-based job:
 * 1. stream the per-customer GROUP BY over orders into columns (one streamed query on MySQL,
 *    customer-id ranges on SQLite);
 * 2. cut points (nearest-rank percentiles or fixed thresholds), scores and means in TypeScript;
 * 3. stream customers again in id chunks and write only the rows whose scores/segment/stage
 *    changed with one staged UPDATE per chunk (each chunk one transaction), rfm_computed_at on all;
 * 4. segment changes become `segment_changed` interactions (dedupe key rfm:<run>:<customer>).
 * The run (cut points, means, counts, duration) is stored in rfm_run.
 */
export async function runRfmRecompute(ds: DataSource, opts: RfmJobOptions): Promise<RfmRun> {
  const started = Date.now();
  const now = opts.now ?? new Date(Math.floor(Date.now() / 1000) * 1000);
  const chunkIds = opts.chunkIds ?? 50_000;
  const settings = await loadRfmSettings(ds);
  const logger = log('rfm');
  const runs = ds.getRepository(RfmRunEntity);
  const run = await runs.save(
    runs.create({
      computedAt: now,
      triggeredBy: opts.trigger,
      status: 'running',
      mode: settings.fixedThresholds ? 'fixed' : 'percentiles',
      windowDays: settings.windowDays,
      churnSilenceDays: settings.churnSilenceDays,
      cutPoints: { r: [], f: [], m: [] },
      means: { r: 0, f: 0, m: 0 },
      segmentCounts: emptySegmentCounts(),
    }),
  );
  try {
    const bounds = await selectOne<{ lo: unknown; hi: unknown; n: unknown }>(
      ds,
      'SELECT MIN(id) AS lo, MAX(id) AS hi, COUNT(*) AS n FROM customer',
    );
    const lo = num(bounds?.lo),
      hi = num(bounds?.hi),
      total = num(bounds?.n);
    const ranges: Array<[number, number]> = [];
    if (total > 0) for (let a = lo; a <= hi; a += chunkIds) ranges.push([a, Math.min(hi, a + chunkIds - 1)]);

    // 1. Aggregates, streamed: one GROUP BY (MySQL row stream), or per id range on SQLite (in-process, index range).
    const cols: Columns = { ids: [], f: [], m: [], days: [], older: [], lastEver: [] };
    const nowMs = now.getTime();
    const push = (a: SqlAggregate) => {
      cols.ids.push(a.customerId);
      cols.f.push(a.frequency);
      cols.m.push(a.monetary);
      cols.days.push(a.lastPaidAt === null ? -1 : recencyDays(a.lastPaidAt, nowMs));
      cols.older.push(a.hasOlderOrders);
      cols.lastEver.push(a.lastPaidEver);
    };
    if (isMysql(ds)) {
      opts.onProgress?.({ phase: 'aggregate', done: 0, total: 1 });
      await streamAllAggregates(ds, { now, windowDays: settings.windowDays }, push);
      opts.onProgress?.({ phase: 'aggregate', done: 1, total: 1 });
    } else {
      for (const [i, range] of ranges.entries()) {
        for (const a of await aggregateCustomers(ds.manager, { now, windowDays: settings.windowDays, range })) push(a);
        opts.onProgress?.({ phase: 'aggregate', done: i + 1, total: ranges.length });
      }
    }

    // 2. Cut points, scores, means.
    const { cutPoints, scores, means, scoredCount } = scoreColumns(cols, settings.fixedThresholds);

    // 3. Stream customers, write changes.
    const segmentCounts = emptySegmentCounts();
    let changedCount = 0,
      customerCount = 0,
      p = 0,
      done = 0;
    const qr = ds.createQueryRunner();
    await qr.connect();
    try {
      await createStageTable(qr);
      for (const [i, range] of ranges.entries()) {
        const customers = await select<{
          id: number | string;
          rfm_r: unknown;
          rfm_f: unknown;
          rfm_m: unknown;
          rfm_segment: string | null;
          lifecycle_stage: string;
          last_interaction_at: unknown;
        }>(
          qr,
          'SELECT id, rfm_r, rfm_f, rfm_m, rfm_segment, lifecycle_stage, last_interaction_at FROM customer WHERE id BETWEEN ? AND ? ORDER BY id',
          range,
        );
        const changed: CustomerRfmRow[] = [];
        const segChanges: SegmentChange[] = [];
        for (const c of customers) {
          const id = num(c.id);
          while (p < cols.ids.length && (cols.ids[p] as number) < id) p++;
          const has = p < cols.ids.length && cols.ids[p] === id;
          const f = has ? (cols.f[p] as number) : 0;
          let row: CustomerRfmRow;
          const lastInteraction = fromDbTime(c.last_interaction_at)?.getTime() ?? null;
          const stage: LifecycleStage = lifecycleStage(
            {
              frequency: f,
              hasOrders: has && (f > 0 || (cols.older[p] as boolean)),
              lastPaidAt: has ? (cols.lastEver[p] as number | null) : null,
              lastInteractionAt: lastInteraction,
            },
            nowMs,
            settings.churnSilenceDays,
          );
          if (has && f > 0) {
            const r = scores.r[p] as number,
              fs = scores.f[p] as number,
              ms = scores.m[p] as number;
            row = { id, r, f: fs, m: ms, segment: segmentOf(r, fs, ms, means), stage };
          } else {
            row = { id, r: null, f: null, m: null, segment: has && cols.older[p] ? 'lapsed' : 'prospect', stage };
          }
          segmentCounts[row.segment]++;
          const old = { r: nullableNum(c.rfm_r), f: nullableNum(c.rfm_f), m: nullableNum(c.rfm_m) };
          if (old.r !== row.r || old.f !== row.f || old.m !== row.m || c.rfm_segment !== row.segment || c.lifecycle_stage !== row.stage) {
            changed.push(row);
            const from = storedSegment(c.rfm_segment);
            if (from !== null && from !== row.segment) segChanges.push({ customerId: id, from, to: row.segment });
          }
        }
        await qr.startTransaction();
        try {
          await writeCustomerRfm(qr, changed, now);
          await touchComputedAt(qr, range, now);
          await writeSegmentChanges(qr.manager, segChanges, now, `rfm:${run.id}`, { runId: run.id });
          await qr.commitTransaction();
        } catch (err) {
          await qr.rollbackTransaction();
          throw err;
        }
        changedCount += changed.length;
        customerCount += customers.length;
        done += customers.length;
        opts.onProgress?.({ phase: 'write', done, total });
        opts.afterChunk?.(i);
      }
    } finally {
      await dropStageTable(qr).catch(() => undefined);
      await qr.release();
    }

    Object.assign(run, {
      status: 'succeeded',
      cutPoints,
      means,
      segmentCounts,
      customerCount,
      scoredCount,
      changedCount,
      durationMs: Date.now() - started,
    } satisfies Partial<RfmRun>);
    await runs.save(run);
    logger.info({ runId: run.id, customerCount, scoredCount, changedCount, durationMs: run.durationMs }, 'rfm recompute finished');
    return run;
  } catch (err) {
    await runs.update({ id: run.id }, { status: 'failed', durationMs: Date.now() - started }).catch(() => undefined);
    logger.error({ err, runId: run.id }, 'rfm recompute failed');
    throw err;
  }
}

function nullableNum(v: unknown): number | null {
  return v === null || v === undefined ? null : num(v);
}

/** Cut points, per-customer scores (0 = not scored) and mean scores over the columns. */
function scoreColumns(
  cols: Columns,
  fixed: { r: number[]; f: number[]; m: number[] } | null,
): {
  cutPoints: CutPoints;
  scores: { r: Uint8Array; f: Uint8Array; m: Uint8Array };
  means: RfmMeans;
  scoredCount: number;
} {
  const n = cols.ids.length;
  let scoredCount = 0;
  for (let i = 0; i < n; i++) if ((cols.f[i] as number) > 0) scoredCount++;
  let cutPoints: CutPoints;
  if (fixed) {
    cutPoints = { r: [...fixed.r], f: [...fixed.f], m: [...fixed.m] };
  } else {
    const rs = new Float64Array(scoredCount),
      fs = new Float64Array(scoredCount),
      ms = new Float64Array(scoredCount);
    for (let i = 0, k = 0; i < n; i++) {
      if ((cols.f[i] as number) <= 0) continue;
      rs[k] = cols.days[i] as number;
      fs[k] = cols.f[i] as number;
      ms[k] = cols.m[i] as number;
      k++;
    }
    cutPoints = { r: nearestRankCutPoints(rs.sort()), f: nearestRankCutPoints(fs.sort()), m: nearestRankCutPoints(ms.sort()) };
  }
  const scores = { r: new Uint8Array(n), f: new Uint8Array(n), m: new Uint8Array(n) };
  let sr = 0,
    sf = 0,
    sm = 0;
  for (let i = 0; i < n; i++) {
    if ((cols.f[i] as number) <= 0) continue;
    const r = scoreRecency(cols.days[i] as number, cutPoints.r),
      f = scoreAscending(cols.f[i] as number, cutPoints.f),
      m = scoreAscending(cols.m[i] as number, cutPoints.m);
    scores.r[i] = r;
    scores.f[i] = f;
    scores.m[i] = m;
    sr += r;
    sf += f;
    sm += m;
  }
  const means = scoredCount === 0 ? { r: 0, f: 0, m: 0 } : { r: sr / scoredCount, f: sf / scoredCount, m: sm / scoredCount };
  return { cutPoints, scores, means, scoredCount };
}
