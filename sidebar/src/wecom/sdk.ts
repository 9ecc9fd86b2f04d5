/**
 * The ONLY module that talks to the WeCom JS-SDK (`ww`). Everything else goes
 * through the composables in composables/wecom/. The SDK is loaded lazily and
 * only inside the WeCom client, so desktop browsers never pay for it.
 */
import type { ChatMessage } from '@shared/scripts/content.ts';
import { toWecomError, WecomError } from './errors.ts';

type Sdk = typeof import('@wecom/jssdk');

/** What the server's jssdk-config endpoint gives us for one page URL. */
export interface SignatureSet {
  corpId: string;
  agentId: string;
  config: { timestamp: number | string; nonceStr: string; signature: string };
  agentConfig: { timestamp: number | string; nonceStr: string; signature: string };
}
export type SignatureLoader = (url: string) => Promise<SignatureSet>;

/** The page the client opened us from (getContext().entry), reduced to what we route on. */
export type WecomEntry = 'single_chat' | 'group_chat' | 'other';

export type { ChatMessage };

export const WECOM_TIMEOUT_MS = 8000;
const JS_API_LIST = ['getContext', 'getCurExternalContact', 'getCurExternalChat', 'sendChatMessage', 'openUserProfile'];

let sdk: Promise<Sdk> | undefined;
let registered: Promise<Sdk> | undefined;

/** Same test the SDK itself uses (wecom-api.md §11.1): the client's UA carries `wxwork/<version>`. */
export function isWecomClient(): boolean {
  return /wxwork\/[\d.]+/i.test(navigator.userAgent);
}

function loadSdk(): Promise<Sdk> {
  sdk ??= import('@wecom/jssdk');
  return sdk;
}

/** Rejects with a 'timeout' WecomError if the client never answers (the SDK itself waits forever). */
function withTimeout<T>(work: Promise<T>, ms = WECOM_TIMEOUT_MS): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => reject(new WecomError('timeout')), ms);
    work.then(
      (value) => {
        clearTimeout(timer);
        resolve(value);
      },
      (err: unknown) => {
        clearTimeout(timer);
        reject(toWecomError(err));
      },
    );
  });
}

/**
 * Registers the app identity once per page load. Signatures come from the server
 * (it holds the tickets); the SDK asks again when the URL changes.
 */
export function registerWecom(loadSignatures: SignatureLoader): Promise<Sdk> {
  if (!isWecomClient()) return Promise.reject(new WecomError('not_wecom'));
  registered ??= (async () => {
    // The SDK chunk and the first signatures load in parallel.
    const [ww, first] = await Promise.all([loadSdk(), loadSignatures(location.href.split('#')[0] ?? location.href)]);
    const cache = new Map<string, Promise<SignatureSet>>([[location.href.split('#')[0] ?? '', Promise.resolve(first)]]);
    const signaturesFor = (url: string): Promise<SignatureSet> => {
      let hit = cache.get(url);
      if (!hit) {
        hit = loadSignatures(url);
        cache.set(url, hit);
      }
      return hit;
    };
    ww.register({
      corpId: first.corpId,
      agentId: first.agentId,
      jsApiList: JS_API_LIST,
      getConfigSignature: async (url) => (await signaturesFor(url)).config,
      getAgentConfigSignature: async (url) => (await signaturesFor(url)).agentConfig,
    });
    return ww;
  })();
  registered.catch(() => {
    registered = undefined;
  });
  return withTimeout(registered);
}

async function ready(): Promise<Sdk> {
  if (!registered) throw new WecomError('failed', 'registerWecom was not called');
  return registered;
}

/** Which toolbar opened us. */
export async function getEntry(): Promise<WecomEntry> {
  const ww = await ready();
  const res = await withTimeout(ww.getContext());
  // The SDK types entry as an enum it exports only as a type; the wire value is its string.
  const entry: string = res.entry;
  if (entry === 'single_chat_tools' || entry === 'contact_profile') return 'single_chat';
  if (entry === 'group_chat_tools') return 'group_chat';
  return 'other';
}

/** external_userid of the customer in the current 1v1 chat. */
export async function getCurrentExternalUserid(): Promise<string> {
  const ww = await ready();
  const res = await withTimeout(ww.getCurExternalContact());
  if (!res.userId) throw new WecomError('no_context');
  return res.userId;
}

/** chat_id of the current customer group. */
export async function getCurrentChatId(): Promise<string> {
  const ww = await ready();
  const res = await withTimeout(ww.getCurExternalChat());
  if (!res.chatId) throw new WecomError('no_context');
  return res.chatId;
}

/** Sends a message into the chat the sidebar is attached to. */
export async function sendChatMessage(message: ChatMessage): Promise<void> {
  const ww = await ready();
  await withTimeout(ww.sendChatMessage(message), 30_000);
}

/** Opens 群发助手 with the text for these customers (the guide confirms in WeCom; agent identity, wecom-api.md §5.19). */
export async function shareToExternalContact(text: string, externalUserIds: string[]): Promise<void> {
  const ww = await ready();
  await withTimeout(ww.shareToExternalContact({ text: { content: text }, externalUserIds }), 60_000);
}

/** Opens 客户群群发 with the text for these groups. */
export async function shareToExternalChat(text: string, chatIds: string[]): Promise<void> {
  const ww = await ready();
  await withTimeout(ww.shareToExternalChat({ text: { content: text }, chatIds }), 60_000);
}
