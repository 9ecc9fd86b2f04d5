import type { SyncRunListResponse } from '@shared/api/sync.ts';
import { apiGet } from './http.ts';

/** The latest sync runs, the answering instance and who holds which long job (admin). */
export const fetchFleetStatus = (): Promise<SyncRunListResponse> =>
  apiGet('/api/admin/sync?limit=5', async () => (await import('@shared/api/sync.ts')).syncRunListResponseSchema);
