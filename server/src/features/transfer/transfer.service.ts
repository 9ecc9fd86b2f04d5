import type {
  CreateTransferBody,
  TransferFilter,
  TransferJobDetail,
  TransferJobDto,
  TransferOptions,
  TransferPreview,
} from '@shared/api/transfer.ts';
import type { TransferItemState } from '@shared/api/transfer.ts';
import type { Actor } from '@server/auth/actor.ts';
import type { AppDeps } from '@server/context.ts';
import { bulkInsert, cursorCodec, dbTime, fromDbTime, marks, rowOr404, select, selectOne } from '@server/db/sql.ts';
import {
  transferCountChanged,
  transferHandoverInvalid,
  transferJobNotFound,
  transferMessageNotAllowed,
  transferNothingSelected,
  transferTakeoverInvalid,
} from '@server/http/error-catalog.ts';
import { assertTransferScope, visibleStaffIds } from '@server/policy/policy.ts';
import { z } from 'zod';
import { STATUS_LEFT, selectCandidates, selectGroupCandidates, unassignedCounts, type Handover } from './candidates.ts';
import { presentItem, presentJob } from './transfer.presenter.ts';

const itemCursor = cursorCodec(z.tuple([z.number().int()]));

/** Who hands customers over: one guide (on the job or resigned), or every on-job guide of a store. */
interface Handovers {
  resigned: boolean;
  list: Handover[];
  /** Set for a whole store's transfer. */
  store: { id: number; name: string } | null;
}

async function handoversOf(deps: AppDeps, actor: Actor, f: TransferFilter): Promise<Handovers> {
  if (f.handoverStaffId === undefined) {
    const store = await rowOr404<{ id: number | string; name: string }>(
      deps.ds,
      'SELECT id, name FROM department WHERE id = ?',
      [f.storeId ?? 0],
      transferHandoverInvalid,
    );
    const rows = await select<{ id: number | string; userid: string; name: string }>(
      deps.ds,
      `SELECT s.id, s.userid, s.name FROM staff s
        WHERE s.status = 1 AND s.is_follow_user = 1 AND s.role = 'guide'
          AND s.id IN (SELECT staff_id FROM staff_department WHERE department_id = ?) ORDER BY s.id`,
      [Number(store.id)],
    );
    if (rows.length === 0) throw transferHandoverInvalid();
    const list = rows.map((r) => ({ staffId: Number(r.id), userid: r.userid, name: r.name, resigned: false }));
    await assertTransferScope(
      deps.ds,
      actor,
      list.map((h) => h.staffId),
    );
    return { resigned: false, list, store: { id: Number(store.id), name: store.name } };
  }
  const s = await rowOr404<{ id: number; userid: string; name: string; status: number }>(
    deps.ds,
    'SELECT id, userid, name, status FROM staff WHERE id = ?',
    [f.handoverStaffId],
    transferHandoverInvalid,
  );
  await assertTransferScope(deps.ds, actor, [Number(s.id)]);
  if (f.storeId !== undefined) {
    const inStore = await selectOne(deps.ds, 'SELECT 1 FROM staff_department WHERE staff_id = ? AND department_id = ?', [s.id, f.storeId]);
    if (!inStore) throw transferHandoverInvalid();
  }
  const resigned = Number(s.status) === STATUS_LEFT;
  return { resigned, list: [{ staffId: Number(s.id), userid: s.userid, name: s.name, resigned }], store: null };
}

/** Active guides with 客户联系 who may take customers over: one chosen, or every guide of a store. */
async function takeoversOf(
  deps: AppDeps,
  actor: Actor,
  body: CreateTransferBody,
  handovers: Handover[],
): Promise<Array<{ staffId: number; userid: string }>> {
  const ids = handovers.map((h) => h.staffId);
  const base = `SELECT DISTINCT s.id, s.userid FROM staff s WHERE s.status = 1 AND s.is_follow_user = 1 AND s.id NOT IN (${marks(ids.length)})`;
  const rows =
    body.takeover.mode === 'staff'
      ? await select<{ id: number | string; userid: string }>(deps.ds, `${base} AND s.id = ?`, [...ids, body.takeover.staffId])
      : await select<{ id: number | string; userid: string }>(
          deps.ds,
          `${base} AND s.role = 'guide' AND s.id IN (SELECT staff_id FROM staff_department WHERE department_id = ?) ORDER BY s.id`,
          [...ids, body.takeover.storeId],
        );
  if (rows.length === 0) throw transferTakeoverInvalid();
  const out = rows.map((r) => ({ staffId: Number(r.id), userid: r.userid }));
  await assertTransferScope(
    deps.ds,
    actor,
    out.map((t) => t.staffId),
  );
  return out;
}

/** The count (and a few names) a filter selects, before anything happens. */
export async function previewTransfer(
  deps: AppDeps,
  actor: Actor,
  filter: TransferFilter,
  includeGroups: boolean,
): Promise<TransferPreview> {
  const handovers = await handoversOf(deps, actor, filter);
  const customers = await selectCandidates(deps, handovers.list, filter);
  const groups = includeGroups ? await selectGroupCandidates(deps, handovers.list) : [];
  return {
    kind: handovers.resigned ? 'resigned' : 'onjob',
    customers: customers.length,
    groups: groups.length,
    sample: customers.slice(0, 5).map((c) => c.name),
  };
}

/**
 * Creates the job and one item per customer (and group chat), spread evenly over the takeover
 * guides, in one transaction; the engine sends them. Refused (nothing written) when the count the
 * manager confirmed is no longer what the filter selects.
 */
export async function createTransfer(deps: AppDeps, actor: Actor, body: CreateTransferBody): Promise<number> {
  const handovers = await handoversOf(deps, actor, body.filter);
  if (handovers.resigned && body.message) throw transferMessageNotAllowed();
  const takeovers = await takeoversOf(deps, actor, body, handovers.list);
  const customers = await selectCandidates(deps, handovers.list, body.filter);
  const groups = body.includeGroups ? await selectGroupCandidates(deps, handovers.list) : [];
  const single = handovers.store ? null : (handovers.list[0] ?? null);
  if (customers.length !== body.expectedCount) throw transferCountChanged(customers.length);
  if (customers.length + groups.length === 0) throw transferNothingSelected();
  const now = new Date();
  return deps.ds.transaction(async (m) => {
    await m.query(
      `INSERT INTO transfer_job (kind, handover_staff_id, handover_userid, store_id, filter, takeover, message, status, created_by, total, created_at, updated_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, 'sending', ?, ?, ?, ?)`,
      [
        handovers.resigned ? 'resigned' : 'onjob',
        single?.staffId ?? null,
        single?.userid ?? null,
        handovers.store?.id ?? null,
        JSON.stringify(body.filter),
        JSON.stringify(body.takeover),
        body.message || null,
        actor.userid,
        customers.length + groups.length,
        dbTime(now),
        dbTime(now),
      ],
    );
    const job = await selectOne<{ id: number | string }>(m, 'SELECT MAX(id) AS id FROM transfer_job WHERE created_by = ?', [actor.userid]);
    const jobId = Number(job?.id);
    const takeoverFor = (i: number) => takeovers[i % takeovers.length] ?? takeovers[0];
    const row = (
      i: number,
      target: 'customer' | 'group',
      customerId: number | null,
      groupId: number | null,
      externalId: string,
      handover: Handover,
    ) => {
      const t = takeoverFor(i);
      return [
        jobId,
        target,
        customerId,
        groupId,
        externalId,
        handover.userid,
        handover.staffId,
        t?.userid ?? '',
        t?.staffId ?? 0,
        'queued',
        now,
        now,
      ];
    };
    await bulkInsert(
      m,
      'transfer_item',
      [
        'job_id',
        'target',
        'customer_id',
        'group_id',
        'external_id',
        'handover_userid',
        'handover_staff_id',
        'takeover_userid',
        'takeover_staff_id',
        'state',
        'created_at',
        'updated_at',
      ],
      [
        ...customers.map((c, i) => row(i, 'customer', c.customerId, null, c.externalUserid, c.handover)),
        ...groups.map((g, i) => row(i, 'group', null, g.groupId, g.chatId, g.handover)),
      ],
    );
    return jobId;
  });
}

async function countsOf(deps: AppDeps, jobIds: number[]): Promise<Map<number, Record<TransferItemState, number>>> {
  const out = new Map<number, Record<TransferItemState, number>>();
  if (jobIds.length === 0) return out;
  const rows = await select<{ job_id: number | string; state: TransferItemState; n: number | string }>(
    deps.ds,
    `SELECT job_id, state, COUNT(*) AS n FROM transfer_item WHERE job_id IN (${marks(jobIds.length)}) GROUP BY job_id, state`,
    jobIds,
  );
  for (const r of rows) {
    const c = out.get(Number(r.job_id)) ?? { queued: 0, calling: 0, waiting: 0, transferred: 0, failed: 0 };
    c[r.state] = Number(r.n);
    out.set(Number(r.job_id), c);
  }
  return out;
}

const JOB_COLUMNS = `j.id, j.kind, j.handover_staff_id, s.name AS handover_name, d.name AS store_name, j.status, j.message, j.created_by,
  j.created_at, j.finished_at, j.total`;
/** A job with its handover guide, or the store of a whole store's transfer. */
const JOB_FROM = 'transfer_job j LEFT JOIN staff s ON s.id = j.handover_staff_id LEFT JOIN department d ON d.id = j.store_id';
type JobRow = {
  id: number | string;
  kind: 'onjob' | 'resigned';
  handover_staff_id: number | string | null;
  handover_name: string | null;
  store_name: string | null;
  status: 'sending' | 'waiting' | 'finished';
  message: string | null;
  created_by: string;
  created_at: unknown;
  finished_at: unknown;
  total: number | string;
};

async function presentJobs(deps: AppDeps, rows: JobRow[]): Promise<TransferJobDto[]> {
  const counts = await countsOf(
    deps,
    rows.map((r) => Number(r.id)),
  );
  return rows.map((r) => {
    const c = counts.get(Number(r.id)) ?? { queued: 0, calling: 0, waiting: 0, transferred: 0, failed: 0 };
    return presentJob({
      id: Number(r.id),
      kind: r.kind,
      handover:
        r.handover_staff_id === null
          ? { staffId: null, name: `${r.store_name ?? '门店'} 全部在职导购` }
          : { staffId: Number(r.handover_staff_id), name: r.handover_name ?? '' },
      status: r.status,
      message: r.message,
      createdBy: r.created_by,
      createdAt: (fromDbTime(r.created_at) ?? new Date(0)).toISOString(),
      finishedAt: fromDbTime(r.finished_at)?.toISOString() ?? null,
      counts: { total: Number(r.total), queued: c.queued + c.calling, waiting: c.waiting, transferred: c.transferred, failed: c.failed },
    });
  });
}

/** Recent jobs whose handover the caller manages. */
export async function listTransfers(deps: AppDeps, actor: Actor): Promise<TransferJobDto[]> {
  await assertTransferScope(deps.ds, actor, []);
  const scope = await visibleStaffIds(deps.ds, actor);
  // A manager sees the jobs whose every handover is theirs to manage.
  const where =
    scope === undefined
      ? ''
      : `WHERE NOT EXISTS (SELECT 1 FROM transfer_item t WHERE t.job_id = j.id AND t.handover_staff_id NOT IN (${marks(scope.length)}))`;
  const rows = await select<JobRow>(deps.ds, `SELECT ${JOB_COLUMNS} FROM ${JOB_FROM} ${where} ORDER BY j.id DESC LIMIT 20`, scope ?? []);
  return presentJobs(deps, rows);
}

/** The members a job hands over (one guide, or the guides of a store): who may see and retry it. */
async function jobHandovers(deps: AppDeps, jobId: number): Promise<number[]> {
  const rows = await select<{ id: number | string }>(
    deps.ds,
    'SELECT DISTINCT handover_staff_id AS id FROM transfer_item WHERE job_id = ?',
    [jobId],
  );
  return rows.map((r) => Number(r.id));
}

/** One job with a page of its items (optionally one state), keyset on id. */
export async function transferDetail(
  deps: AppDeps,
  actor: Actor,
  jobId: number,
  q: { state?: TransferItemState; cursor?: string; limit: number },
): Promise<TransferJobDetail> {
  const row = await rowOr404<JobRow>(deps.ds, `SELECT ${JOB_COLUMNS} FROM ${JOB_FROM} WHERE j.id = ?`, [jobId], transferJobNotFound);
  await assertTransferScope(deps.ds, actor, await jobHandovers(deps, jobId));
  const [job] = await presentJobs(deps, [row]);
  const where = ['t.job_id = ?'];
  const params: unknown[] = [jobId];
  if (q.state) {
    // 'queued' on the page includes items being submitted right now.
    if (q.state === 'queued') where.push("t.state IN ('queued', 'calling')");
    else {
      where.push('t.state = ?');
      params.push(q.state);
    }
  }
  if (q.cursor) {
    where.push('t.id > ?');
    params.push(itemCursor.decode(q.cursor)[0]);
  }
  const items = await select<Record<string, unknown>>(
    deps.ds,
    `SELECT t.id, t.target, t.customer_id, t.takeover_staff_id, t.state, t.errcode, t.reason, t.takeover_at,
            COALESCE(c.name, g.name, t.external_id) AS name, s.name AS takeover_name
       FROM transfer_item t
       LEFT JOIN customer c ON c.id = t.customer_id
       LEFT JOIN group_chat g ON g.id = t.group_id
       JOIN staff s ON s.id = t.takeover_staff_id
      WHERE ${where.join(' AND ')} ORDER BY t.id LIMIT ?`,
    [...params, q.limit + 1],
  );
  const page = items.slice(0, q.limit);
  const last = page[page.length - 1];
  if (!job) throw transferJobNotFound();
  return {
    ...job,
    items: page.map((r) =>
      presentItem({
        id: Number(r.id),
        target: r.target as 'customer' | 'group',
        name: String(r.name),
        customerId: r.customer_id === null ? null : Number(r.customer_id),
        takeoverStaffId: Number(r.takeover_staff_id),
        takeoverName: String(r.takeover_name),
        state: (r.state === 'calling' ? 'queued' : r.state) as TransferItemState,
        errcode: r.errcode === null ? null : Number(r.errcode),
        reason: (r.reason as string | null) ?? null,
        takeoverAt: fromDbTime(r.takeover_at),
      }),
    ),
    nextCursor: items.length > q.limit && last ? itemCursor.encode([Number(last.id)]) : null,
  };
}

/** Queues the failed items of a job again (the engine sends them on its next pass). */
export async function retryFailed(deps: AppDeps, actor: Actor, jobId: number): Promise<number> {
  await rowOr404(deps.ds, 'SELECT id FROM transfer_job WHERE id = ?', [jobId], transferJobNotFound);
  await assertTransferScope(deps.ds, actor, await jobHandovers(deps, jobId));
  const failed = await select<{ n: number | string }>(
    deps.ds,
    "SELECT COUNT(*) AS n FROM transfer_item WHERE job_id = ? AND state = 'failed'",
    [jobId],
  );
  const now = dbTime(new Date());
  await deps.ds.transaction(async (m) => {
    await m.query(
      "UPDATE transfer_item SET state = 'queued', errcode = NULL, reason = NULL, updated_at = ? WHERE job_id = ? AND state = 'failed'",
      [now, jobId],
    );
    await m.query("UPDATE transfer_job SET status = 'sending', finished_at = NULL, updated_at = ? WHERE id = ?", [now, jobId]);
  });
  return Number(failed[0]?.n ?? 0);
}

/** What the page's pickers offer: stores, guides (resigned ones with WeCom's waiting count) and tags, within the caller's scope. */
export async function transferOptions(deps: AppDeps, actor: Actor): Promise<TransferOptions> {
  await assertTransferScope(deps.ds, actor, []);
  const scope = await visibleStaffIds(deps.ds, actor);
  const inScope = scope === undefined ? '' : ` AND s.id IN (${marks(scope.length)})`;
  const staff = await select<{
    id: number | string;
    userid: string;
    name: string;
    status: number | string;
    store_id: number | string | null;
    n: number | string;
  }>(
    deps.ds,
    `SELECT s.id, s.userid, s.name, s.status,
            (SELECT MIN(sd.department_id) FROM staff_department sd WHERE sd.staff_id = s.id) AS store_id,
            (SELECT COUNT(*) FROM customer_follow f WHERE f.staff_id = s.id AND f.lost_at IS NULL) AS n
       FROM staff s WHERE s.is_follow_user = 1 AND s.role = 'guide'${inScope} ORDER BY s.status DESC, s.name`,
    scope ?? [],
  );
  const waiting = staff.some((s) => Number(s.status) === STATUS_LEFT) ? await unassignedCounts(deps) : new Map<string, number>();
  const storeIds = [...new Set(staff.map((s) => (s.store_id === null ? null : Number(s.store_id))).filter((v): v is number => v !== null))];
  const stores = storeIds.length
    ? await select<{ id: number | string; name: string }>(
        deps.ds,
        `SELECT id, name FROM department WHERE id IN (${marks(storeIds.length)}) ORDER BY id`,
        storeIds,
      )
    : [];
  const tags = await select<{ id: string; name: string; group_name: string }>(
    deps.ds,
    'SELECT t.id, t.name, g.name AS group_name FROM tag t JOIN tag_group g ON g.id = t.group_id WHERE t.deleted = 0 ORDER BY g.sort_order DESC, t.sort_order DESC',
  );
  return {
    stores: stores.map((s) => ({ id: Number(s.id), name: s.name })),
    guides: staff.map((s) => {
      const resigned = Number(s.status) === STATUS_LEFT;
      return {
        staffId: Number(s.id),
        userid: s.userid,
        name: s.name,
        storeId: s.store_id === null ? null : Number(s.store_id),
        resigned,
        customers: resigned ? (waiting.get(s.userid) ?? 0) : Number(s.n),
      };
    }),
    tags: tags.map((t) => ({ id: t.id, name: t.name, group: t.group_name })),
  };
}
