import type { JobHealth, JobHealthState } from '@shared/api/status.ts';
import type { AppDeps } from '@server/context.ts';
import { fromDbTime, num, selectOne } from '@server/db/sql.ts';
import { archiveReasonFor, readCheckpoint } from '@server/features/archive/index.ts';

const HOUR_MS = 3_600_000;
type Job = JobHealth['jobs'][number];

/** ok while the last success is younger than `maxAgeMs`, stale after, never without one. */
function byAge(lastAt: Date | null, maxAgeMs: number, now: number): JobHealthState {
  if (!lastAt) return 'never';
  return now - lastAt.getTime() <= maxAgeMs ? 'ok' : 'stale';
}

const iso = (d: Date | null) => (d ? d.toISOString() : null);

/**
 * The health of the background jobs, from what they leave in the database: the last full sync
 * (and whether the newest run failed), the last archive pull (and its error), the last RFM run, the
 * newest rollup row, and the callbacks given up on. Stale = older than its schedule allows.
 */
export async function jobHealth(deps: AppDeps, now = Date.now()): Promise<JobHealth> {
  const { ds, config } = deps;
  const jobs: Job[] = [];

  const sync = await selectOne<{ finished_at: unknown }>(
    ds,
    "SELECT MAX(finished_at) AS finished_at FROM sync_run WHERE kind = 'full' AND status = 'succeeded'",
  );
  const newest = await selectOne<{ status: string; error: string | null }>(
    ds,
    "SELECT status, error FROM sync_run WHERE kind = 'full' ORDER BY id DESC LIMIT 1",
  );
  const syncAt = fromDbTime(sync?.finished_at);
  const daily = config.SYNC_DAILY_AT !== 'off';
  jobs.push({
    name: 'sync',
    label: '企业微信全量同步',
    state: newest?.status === 'failed' ? 'failing' : daily ? byAge(syncAt, 26 * HOUR_MS, now) : syncAt ? 'ok' : 'never',
    lastAt: iso(syncAt),
    detail:
      newest?.status === 'failed'
        ? `最近一次失败：${(newest.error ?? '').slice(0, 120)}`
        : newest?.status === 'running'
          ? '正在同步'
          : daily
            ? `每天 ${config.SYNC_DAILY_AT}（北京时间）`
            : '未安排每日同步',
  });

  const archiveOff = archiveReasonFor(deps) !== undefined;
  const checkpoint = await readCheckpoint(ds);
  const everyS = config.ARCHIVE_PULL_INTERVAL_SECONDS;
  jobs.push({
    name: 'archive',
    label: '会话存档拉取',
    state: archiveOff
      ? 'off'
      : checkpoint.lastError
        ? 'failing'
        : everyS > 0
          ? byAge(checkpoint.lastPullAt, Math.max(3 * everyS * 1000, 10 * 60_000), now)
          : checkpoint.lastPullAt
            ? 'ok'
            : 'never',
    lastAt: iso(checkpoint.lastPullAt),
    detail: archiveOff
      ? '未配置会话存档'
      : checkpoint.lastError
        ? `最近一次失败：${checkpoint.lastError.slice(0, 120)}`
        : `已存 ${checkpoint.messagesTotal} 条${everyS > 0 ? `，每 ${everyS} 秒拉取` : '，收到通知时拉取'}`,
  });

  const rfm = await selectOne<{ at: unknown }>(ds, "SELECT MAX(computed_at) AS at FROM rfm_run WHERE status = 'succeeded'");
  const rfmFailed = await selectOne<{ status: string }>(ds, 'SELECT status FROM rfm_run ORDER BY id DESC LIMIT 1');
  const rfmAt = fromDbTime(rfm?.at);
  jobs.push({
    name: 'rfm',
    label: 'RFM 分层计算',
    state: rfmFailed?.status === 'failed' ? 'failing' : byAge(rfmAt, 26 * HOUR_MS, now),
    lastAt: iso(rfmAt),
    detail: rfmFailed?.status === 'failed' ? '最近一次计算失败' : '每晚计算，新订单时更新',
  });

  const rollup = await selectOne<{ at: unknown }>(ds, 'SELECT MAX(updated_at) AS at FROM staff_daily_stats');
  const rollupAt = fromDbTime(rollup?.at);
  jobs.push({
    name: 'rollup',
    label: '报表汇总',
    state: byAge(rollupAt, 15 * 60_000, now),
    lastAt: iso(rollupAt),
    detail: '每 5 分钟更新今天和昨天',
  });

  const callbacks = await selectOne<{ failed: unknown; last: unknown }>(
    ds,
    "SELECT SUM(CASE WHEN status = 'failed' THEN 1 ELSE 0 END) AS failed, MAX(processed_at) AS last FROM wecom_event",
  );
  const failed = num(callbacks?.failed);
  const lastCallback = fromDbTime(callbacks?.last);
  jobs.push({
    name: 'callbacks',
    label: '企业微信回调处理',
    state: failed > 0 ? 'failing' : 'ok',
    lastAt: iso(lastCallback),
    detail: failed > 0 ? `失败 ${failed} 条（可在下方重新处理）` : '没有失败的回调',
  });
  return { jobs };
}
