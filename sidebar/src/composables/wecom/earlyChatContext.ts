import { customerIdByExternal, prefetchCustomerProfile } from '../../api/customers.ts';
import { groupIdByChat } from '../../api/groups.ts';
import { fetchJssdkConfig } from '../../api/session.ts';
import type { ChatContext } from '../../stores/session.ts';
import { getCurrentChatId, getCurrentExternalUserid, getEntry, isWecomClient, registerWecom } from '../../wecom/sdk.ts';

/** A chat context with our own ids resolved, or the WeCom error that stopped it. */
export type ResolvedChat = { ok: true; chat: ChatContext } | { ok: false; error: unknown };

let pending: Promise<ResolvedChat> | undefined;

/**
 * Asks the client which chat we are in and resolves it to our customer/group id,
 * then warms the page chunk and the profile request. Started from main.ts before the
 * app mounts, so it overlaps the session bootstrap: opening the sidebar is a chain of
 * round trips and this keeps them from queueing behind each other.
 */
export function resolveChatEarly(): Promise<ResolvedChat> {
  pending ??= (async (): Promise<ResolvedChat> => {
    try {
      await registerWecom(fetchJssdkConfig);
      const entry = await getEntry();
      if (entry === 'single_chat') {
        const externalUserid = await getCurrentExternalUserid();
        const customerId = await customerIdByExternal(externalUserid);
        // Profile request first, then the page chunk: evaluating the chunk is a long task that
        // would otherwise hold the request back; this way the server works while we evaluate.
        prefetchCustomerProfile(customerId);
        void import('../../pages/CustomerPage.vue');
        return { ok: true, chat: { kind: 'single', externalUserid, customerId } };
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
