import type { MeResponse } from '@shared/api/me.ts';
import { primeCustomerProfile } from '../../api/customers.ts';
import { groupIdByChat } from '../../api/groups.ts';
import { primeNextActions } from '../../api/next-actions.ts';
import { openCustomerChat } from '../../api/open.ts';
import { fetchJssdkConfig } from '../../api/session.ts';
import type { ChatContext } from '../../stores/session.ts';
import { preloadListedFiles } from '../../utils/preload-chunks.ts';
import { getCurrentChatId, getCurrentExternalUserid, getEntry, isWecomClient, registerWecom } from '../../wecom/sdk.ts';

/** A chat context with our own ids resolved (and who is signed in, when the open said so), or the error that stopped it. */
export type ResolvedChat = { ok: true; chat: ChatContext; me?: MeResponse } | { ok: false; error: unknown };

let pending: Promise<ResolvedChat> | undefined;

/**
 * Asks the client which chat we are in and resolves it to our customer/group id. In a 1v1
 * chat the moment getCurExternalContact answers, ONE request (GET /api/open/customer/:id)
 * brings who is signed in, the profile and the next actions, while the page chunk loads; the
 * session bootstrap and the page then take them from here instead of asking again. Started
 * from main.ts before the app mounts: the JS-SDK signatures are the only call before it.
 */
export function resolveChatEarly(): Promise<ResolvedChat> {
  pending ??= (async (): Promise<ResolvedChat> => {
    try {
      await registerWecom(fetchJssdkConfig);
      const entry = await getEntry();
      if (entry === 'single_chat') {
        // Download (not run) the customer page while the client looks up the contact.
        preloadListedFiles('customer-page-files');
        const externalUserid = await getCurrentExternalUserid();
        // The request first, then the page chunk: evaluating the chunk is a long task that
        // would otherwise hold the request back; this way the server works while we evaluate.
        const opening = openCustomerChat(externalUserid);
        void import('../../pages/CustomerPage.vue');
        const open = await opening;
        primeCustomerProfile(open.profile);
        primeNextActions(open.profile.id, open.nextActions);
        return { ok: true, chat: { kind: 'single', externalUserid, customerId: open.profile.id }, me: open.me };
      }
      if (entry === 'group_chat') {
        void import('../../pages/GroupPage.vue');
        const chatId = await getCurrentChatId();
        const groupId = await groupIdByChat(chatId);
        return { ok: true, chat: { kind: 'group', chatId, groupId } };
      }
      return { ok: true, chat: { kind: 'none' } };
    } catch (error) {
      return { ok: false, error };
    }
  })();
  return pending;
}

/** Forgets a failed attempt so 重试 asks the client again. */
export function resetChatResolution(): void {
  pending = undefined;
}

/** Whether main.ts should start resolving right away (inside WeCom, opened on the entry route). */
export function shouldResolveEarly(): boolean {
  return isWecomClient() && location.pathname === '/';
}
