import type { MeResponse } from '@shared/api/me.ts';
import type { DevOptionsResponse, DevStaffContextsResponse } from '@shared/api/dev.ts';
import type { SignatureSet } from '../wecom/sdk.ts';
import { apiGet, apiGetChecked, apiSend, withQuery } from './http.ts';
import { checkJssdkConfig } from './first-screen-checks.ts';

// Schemas load on demand (see SchemaLoader in http.ts).
const me = async () => (await import('@shared/api/me.ts')).meResponseSchema;
const health = async () => (await import('@shared/api/health.ts')).healthResponseSchema;
const dev = () => import('@shared/api/dev.ts');
const noContent = async () => (await import('@shared/api/page.ts')).noContentSchema;

export const fetchMe = (): Promise<MeResponse> => apiGet('/api/me', me);

/** Ends the session: the server clears the HttpOnly session cookie (204). */
export const logout = (): Promise<undefined> => apiSend('POST', '/auth/logout', undefined, noContent);

/** true when the server runs against the built-in WeCom simulator (demo mode). */
export async function fetchDemoMode(): Promise<boolean> {
  return (await apiGet('/healthz', health)).wecom.mode === 'simulator';
}

/** Signatures for ww.register, computed server-side for the exact page URL. */
export async function fetchJssdkConfig(url: string): Promise<SignatureSet> {
  // Checked by hand: it is the first request of every open inside WeCom (first-screen-checks.ts).
  const res = await apiGetChecked(withQuery('/api/wecom/jssdk-config', { url }), checkJssdkConfig);
  return { ...res, agentId: String(res.agentId) };
}

export const fetchDevOptions = (): Promise<DevOptionsResponse> =>
  apiGet('/api/dev/options', async () => (await dev()).devOptionsResponseSchema);

export const fetchDevContexts = (userid: string, q = ''): Promise<DevStaffContextsResponse> =>
  apiGet(
    `/api/dev/options/${encodeURIComponent(userid)}${q ? `?q=${encodeURIComponent(q)}` : ''}`,
    async () => (await dev()).devStaffContextsResponseSchema,
  );

export const devLogin = (userid: string): Promise<MeResponse> => apiSend('POST', '/api/dev/login', { userid }, me);
