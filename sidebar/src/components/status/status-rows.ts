import type { DemoLoadStatus, JobHealth, JobHealthState } from '@shared/api/status.ts';
import { fetchDemoLoadStatus, fetchJobHealth } from '../../api/status.ts';
import { formatDateTime } from '../../utils/format.ts';

/** What StatusList shows: rows with a coloured state, then notes. */
export interface StatusListData {
  rows: Array<{ key: string; title: string; value: string; label?: string; tone: 'ok' | 'warn' | 'bad' | 'idle' }>;
  notes: Array<{ title?: string; label: string; tone?: 'bad' }>;
  /** Ask again after this many ms (while something is still running). */
  pollMs?: number;
}

type Part = DemoLoadStatus['parts'][number];
const PART_TEXT: Record<Part['status'], string> = { done: '已完成', running: '进行中…', pending: '等待中', failed: '失败，稍后重试' };
const PART_TONE: Record<Part['status'], StatusListData['rows'][number]['tone']> = {
  done: 'ok',
  running: 'idle',
  pending: 'idle',
  failed: 'bad',
};

function partDetail(part: Part): string | undefined {
  if (part.status !== 'done') return undefined;
  const seconds = part.ms === null ? '' : `，用时 ${(part.ms / 1000).toFixed(1)} 秒`;
  return `${formatDateTime(part.doneAt)}${seconds}`;
}

/** 演示数据: each part of the demo load; followed every 3 s until it is complete. */
export async function demoLoadList(): Promise<StatusListData> {
  const status = await fetchDemoLoadStatus();
  return {
    rows: status.parts.map((part) => ({
      key: part.name,
      title: part.label,
      value: PART_TEXT[part.status],
      label: partDetail(part),
      tone: PART_TONE[part.status],
    })),
    notes: [
      ...(status.lastError ? [{ title: '最近的错误', label: status.lastError.message, tone: 'bad' as const }] : []),
      ...(status.complete ? [] : [{ label: '服务重启后会从未完成的部分继续' }]),
    ],
    ...(status.complete ? {} : { pollMs: 3000 }),
  };
}

const JOB_TEXT: Record<JobHealthState, string> = { ok: '正常', stale: '已过期', failing: '失败', never: '尚未运行', off: '未启用' };
const JOB_TONE: Record<JobHealthState, StatusListData['rows'][number]['tone']> = {
  ok: 'ok',
  stale: 'warn',
  never: 'warn',
  failing: 'bad',
  off: 'idle',
};

/** 后台任务: the health of each background job (admins). */
export async function jobHealthList(): Promise<StatusListData> {
  const health: JobHealth = await fetchJobHealth();
  return {
    rows: health.jobs.map((job) => ({
      key: job.name,
      title: job.label,
      value: JOB_TEXT[job.state],
      label: `${job.lastAt ? `上次 ${formatDateTime(job.lastAt)} · ` : ''}${job.detail}`,
      tone: JOB_TONE[job.state],
    })),
    notes: [],
  };
}
