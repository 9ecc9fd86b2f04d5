import type { EntityManager, QueryRunner } from 'typeorm';
import type { LifecycleStage, RfmSegment } from '@shared/enums.ts';
import { RFM_SEGMENT_LABELS, RFM_SEGMENTS } from '@shared/enums.ts';
import { recordInteractions, type InteractionPayload } from '@server/features/timeline/index.ts';
import { bulkInsert, caseUpdate, dbTime, isMysql, type Db } from '@server/db/sql.ts';

/** New RFM columns of one customer. */
export interface CustomerRfmRow {
  id: number;
  r: number | null;
  f: number | null;
  m: number | null;
  segment: RfmSegment;
  stage: LifecycleStage;
}

const STAGE_TABLE = 'tmp_rfm_stage';
const ROWS_PER_INSERT = 1000;

/** Creates the per-connection staging table the batched UPDATE joins against. */
export async function createStageTable(qr: QueryRunner): Promise<void> {
  await dropStageTable(qr);
  await qr.query(
    `CREATE TEMPORARY TABLE ${STAGE_TABLE} (id INTEGER NOT NULL PRIMARY KEY, r INTEGER NULL, f INTEGER NULL, m INTEGER NULL, seg VARCHAR(32) NOT NULL, stage VARCHAR(16) NOT NULL)`,
  );
}

export async function dropStageTable(qr: QueryRunner): Promise<void> {
  await qr.query(isMysql(qr.manager) ? `DROP TEMPORARY TABLE IF EXISTS ${STAGE_TABLE}` : `DROP TABLE IF EXISTS temp.${STAGE_TABLE}`);
}

/**
 * Writes new RFM columns for many customers with a few statements: multi-row INSERTs into the
 * staging table, then ONE UPDATE … JOIN (MySQL) / UPDATE … FROM (SQLite). Runs inside the
 * caller's transaction on the QueryRunner that owns the temporary table.
 */
export async function writeCustomerRfm(qr: QueryRunner, rows: readonly CustomerRfmRow[], computedAt: Date): Promise<void> {
  if (rows.length === 0) return;
  await bulkInsert(
    qr,
    STAGE_TABLE,
    ['id', 'r', 'f', 'm', 'seg', 'stage'],
    rows.map((x) => [x.id, x.r, x.f, x.m, x.segment, x.stage]),
    { chunk: ROWS_PER_INSERT },
  );
  const at = dbTime(computedAt);
  if (isMysql(qr.manager)) {
    await qr.query(
      `UPDATE customer c JOIN ${STAGE_TABLE} t ON t.id = c.id
          SET c.rfm_r = t.r, c.rfm_f = t.f, c.rfm_m = t.m, c.rfm_segment = t.seg, c.lifecycle_stage = t.stage, c.rfm_computed_at = ?`,
      [at],
    );
  } else {
    await qr.query(
      `UPDATE customer SET rfm_r = t.r, rfm_f = t.f, rfm_m = t.m, rfm_segment = t.seg, lifecycle_stage = t.stage, rfm_computed_at = ?
         FROM ${STAGE_TABLE} t WHERE t.id = customer.id`,
      [at],
    );
  }
  await qr.query(`DELETE FROM ${STAGE_TABLE}`);
}

/** A segment change to put on the customer's timeline. */
export interface SegmentChange {
  customerId: number;
  from: RfmSegment;
  to: RfmSegment;
}

/**
 * Inserts `segment_changed` interactions in multi-row INSERT IGNOREs; the dedupe key
 * (`keyPrefix` + customer) makes a re-run of the same run insert nothing twice.
 */
export async function writeSegmentChanges(
  em: EntityManager,
  changes: readonly SegmentChange[],
  at: Date,
  keyPrefix: string,
  payloadExtra: Pick<InteractionPayload<'segment_changed'>, 'runId' | 'incremental'> = {},
): Promise<void> {
  await recordInteractions(
    em,
    changes.map((c) => ({
      customerId: c.customerId,
      staffId: null,
      type: 'segment_changed',
      occurredAt: at,
      source: 'rfm',
      dedupeKey: `${keyPrefix}:${c.customerId}`,
      payload: { from: c.from, to: c.to, fromLabel: RFM_SEGMENT_LABELS[c.from], toLabel: RFM_SEGMENT_LABELS[c.to], ...payloadExtra },
    })),
  );
}

/**
 * Sets rfm_computed_at on the rest of an id range (the unchanged customers; the changed ones were
 * just written with it) in one statement.
 */
export async function touchComputedAt(qr: QueryRunner, range: [number, number], at: Date): Promise<void> {
  const t = dbTime(at);
  await qr.query('UPDATE customer SET rfm_computed_at = ? WHERE id BETWEEN ? AND ? AND (rfm_computed_at IS NULL OR rfm_computed_at <> ?)', [
    t,
    range[0],
    range[1],
    t,
  ]);
}

/**
 * The same write for a handful of customers (incremental re-score) without a temporary table:
 * one UPDATE with CASE per column over the id list, inside the caller's transaction.
 */
export async function writeCustomerRfmSmall(db: Db, rows: readonly CustomerRfmRow[], computedAt: Date): Promise<void> {
  await caseUpdate(db, {
    table: 'customer',
    key: 'id',
    columns: ['rfm_r', 'rfm_f', 'rfm_m', 'rfm_segment', 'lifecycle_stage'],
    rows: rows.map((r) => [r.id, r.r, r.f, r.m, r.segment, r.stage]),
    also: { sql: 'rfm_computed_at = ?', params: [dbTime(computedAt)] },
    chunk: 200,
  });
}

/** A stored rfm_segment value, or null when unset or not a known segment. */
export function storedSegment(v: string | null): RfmSegment | null {
  return v !== null && (RFM_SEGMENTS as readonly string[]).includes(v) ? (v as RfmSegment) : null;
}
