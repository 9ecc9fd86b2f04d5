import type {
  CreateTransferBody,
  TransferFilter,
  TransferItemState,
  TransferJobDetail,
  TransferJobDto,
  TransferOptions,
  TransferPreview,
} from '@shared/api/transfer.ts';
import { apiGet, apiSend, withQuery } from './http.ts';

const contract = () => import('@shared/api/transfer.ts');

export const fetchTransferOptions = (): Promise<TransferOptions> =>
  apiGet('/api/transfer/options', async () => (await contract()).transferOptionsSchema);

export const previewTransfer = (filter: TransferFilter, includeGroups: boolean): Promise<TransferPreview> =>
  apiSend('POST', '/api/transfer/preview', { filter, includeGroups }, async () => (await contract()).transferPreviewSchema);

export const startTransfer = (body: CreateTransferBody): Promise<TransferJobDetail> =>
  apiSend('POST', '/api/transfer/jobs', body, async () => (await contract()).transferJobDetailSchema);

export const fetchTransferJob = (id: number, state?: TransferItemState): Promise<TransferJobDetail> =>
  apiGet(withQuery(`/api/transfer/jobs/${id}`, { state, limit: 200 }), async () => (await contract()).transferJobDetailSchema);

export const fetchTransferJobs = async (): Promise<TransferJobDto[]> =>
  (await apiGet('/api/transfer/jobs', async () => (await contract()).transferJobListSchema)).items;

export const retryTransferJob = async (id: number): Promise<number> =>
  (await apiSend('POST', `/api/transfer/jobs/${id}/retry`, {}, async () => (await contract()).transferRetrySchema)).requeued;
