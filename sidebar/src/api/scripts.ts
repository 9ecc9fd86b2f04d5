import type {
  CreateScriptFolderRequest,
  CreateScriptRequest,
  ScriptFolder,
  ScriptFoldersResponse,
  ScriptItem,
  ScriptSendResponse,
  ScriptsQuery,
  ScriptsResponse,
  UpdateScriptFolderRequest,
  UpdateScriptRequest,
} from '@shared/api/scripts.ts';
import { apiGet, apiSend, withQuery } from './http.ts';

const contract = () => import('@shared/api/scripts.ts');
const ok = async () => (await import('@shared/api/page.ts')).okResponseSchema;
const oneScript = async () => (await contract()).scriptResponseSchema;
const oneFolder = async () => (await contract()).scriptFolderResponseSchema;

export const fetchScriptFolders = (): Promise<ScriptFoldersResponse> =>
  apiGet('/api/script-folders', async () => (await contract()).scriptFoldersResponseSchema);

export const fetchScripts = (query: ScriptsQuery): Promise<ScriptsResponse> =>
  apiGet(withQuery('/api/scripts', { ...query }), async () => (await contract()).scriptsResponseSchema);

/** One script rendered for the chat exactly as it will be sent (the send preview). */
export const fetchScript = async (scriptId: number, target: { customerId: number } | { groupId: number }): Promise<ScriptItem> =>
  (await apiGet(withQuery(`/api/scripts/${scriptId}`, { ...target }), oneScript)).script;

/** Records the send (with the text as the guide edited it, if they did) and returns the message for ww.sendChatMessage. */
export const recordScriptSend = (
  scriptId: number,
  target: { customerId: number } | { groupId: number },
  text?: string,
): Promise<ScriptSendResponse> =>
  apiSend(
    'POST',
    `/api/scripts/${scriptId}/sends`,
    { ...target, ...(text !== undefined ? { text } : {}) },
    async () => (await contract()).scriptSendResponseSchema,
  );

/** Personal scripts ('my') or corp scripts ('admin'). */
export type ScriptOwner = 'my' | 'admin';

export const createScript = async (owner: ScriptOwner, body: CreateScriptRequest): Promise<ScriptItem> =>
  (await apiSend('POST', `/api/${owner}/scripts`, body, oneScript)).script;

export const updateScript = async (owner: ScriptOwner, id: number, body: UpdateScriptRequest): Promise<ScriptItem> =>
  (await apiSend('PATCH', `/api/${owner}/scripts/${id}`, body, oneScript)).script;

export const deleteScript = async (owner: ScriptOwner, id: number): Promise<void> => {
  await apiSend('DELETE', `/api/${owner}/scripts/${id}`, undefined, ok);
};

export const createFolder = async (body: CreateScriptFolderRequest): Promise<ScriptFolder> =>
  (await apiSend('POST', '/api/admin/script-folders', body, oneFolder)).folder;

export const updateFolder = async (id: number, body: UpdateScriptFolderRequest): Promise<ScriptFolder> =>
  (await apiSend('PATCH', `/api/admin/script-folders/${id}`, body, oneFolder)).folder;

export const deleteFolder = async (id: number): Promise<void> => {
  await apiSend('DELETE', `/api/admin/script-folders/${id}`, undefined, ok);
};
