import type {
  ChannelGuideOptions,
  ChannelInput,
  ChannelList,
  ChannelReport,
  ChannelView,
  JoinWayGroupOptions,
  JoinWayInput,
  JoinWayList,
  JoinWayView,
  MediaAssetView,
} from '@shared/api/channels.ts';
import { apiGet, apiSend, apiUpload, withQuery } from './http.ts';
import type { DayRange } from './reports.ts';

const contract = () => import('@shared/api/channels.ts');
const one = async () => (await contract()).channelSchema;

export type ChannelReportBy = ChannelReport['by'];

export const fetchChannels = (): Promise<ChannelList> => apiGet('/api/channels', async () => (await contract()).channelListSchema);
export const fetchChannelGuides = (): Promise<ChannelGuideOptions> =>
  apiGet('/api/channels/guides', async () => (await contract()).channelGuideOptionsSchema);
export const createChannel = (input: ChannelInput): Promise<ChannelView> => apiSend('POST', '/api/channels', input, one);
export const updateChannel = (id: number, input: ChannelInput): Promise<ChannelView> => apiSend('PUT', `/api/channels/${id}`, input, one);
export const deleteChannel = (id: number): Promise<undefined> =>
  apiSend('DELETE', `/api/channels/${id}`, undefined, async () => (await import('@shared/api/page.ts')).noContentSchema);

/** Stores a JPG/PNG for welcome attachments; WeCom gets it by media id when a welcome is sent. */
export const uploadChannelImage = (file: File): Promise<MediaAssetView> =>
  apiUpload(
    withQuery('/api/channels/images', { filename: file.name.slice(0, 100) }),
    file,
    file.type,
    async () => (await contract()).mediaAssetSchema,
  );

export const fetchChannelReport = (r: DayRange, by: ChannelReportBy): Promise<ChannelReport> =>
  apiGet(withQuery('/api/channels/report', { ...r, by }), async () => (await contract()).channelReportSchema);

/** The CSV download of the channel report (same period and grouping). */
export const channelReportCsvUrl = (r: DayRange, by: ChannelReportBy): string =>
  withQuery('/api/channels/report', { ...r, by, format: 'csv' });

export const fetchJoinWays = (): Promise<JoinWayList> =>
  apiGet('/api/channels/join-ways', async () => (await contract()).joinWayListSchema);
export const fetchJoinWayGroups = (): Promise<JoinWayGroupOptions> =>
  apiGet('/api/channels/join-ways/groups', async () => (await contract()).joinWayGroupOptionsSchema);
export const createJoinWay = (input: JoinWayInput): Promise<JoinWayView> =>
  apiSend('POST', '/api/channels/join-ways', input, async () => (await contract()).joinWayViewSchema);
export const updateJoinWay = (id: number, input: JoinWayInput): Promise<JoinWayView> =>
  apiSend('PUT', `/api/channels/join-ways/${id}`, input, async () => (await contract()).joinWayViewSchema);
export const deleteJoinWay = (id: number): Promise<undefined> =>
  apiSend('DELETE', `/api/channels/join-ways/${id}`, undefined, async () => (await import('@shared/api/page.ts')).noContentSchema);
