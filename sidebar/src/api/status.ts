import type { DemoLoadStatus, JobHealth } from '@shared/api/status.ts';
import { apiGet } from './http.ts';

export const fetchDemoLoadStatus = (): Promise<DemoLoadStatus> =>
  apiGet('/api/status/demo-load', async () => (await import('@shared/api/status.ts')).demoLoadStatusSchema);

export const fetchJobHealth = (): Promise<JobHealth> =>
  apiGet('/api/status/jobs', async () => (await import('@shared/api/status.ts')).jobHealthSchema);
