import { computed } from 'vue';
import { useRouter } from 'vue-router';
import { customerIdByExternal } from '../../api/customers.ts';
import { useSessionStore } from '../../stores/session.ts';

/** The customer of the current 1v1 chat (from the WeCom client or the demo bar). */
export function useCurrentCustomer() {
  const store = useSessionStore();
  const router = useRouter();
  const currentCustomerId = computed(() => (store.chat.kind === 'single' ? store.chat.customerId : undefined));

  /** Resolves the chat's external_userid to our customer and opens their profile. */
  async function openChatCustomer(externalUserid: string, replace = false): Promise<void> {
    const id = await customerIdByExternal(externalUserid);
    store.setChat({ kind: 'single', externalUserid, customerId: id });
    const to = { name: 'customer', params: { id: String(id) } };
    await (replace ? router.replace(to) : router.push(to));
  }
  return { currentCustomerId, openChatCustomer };
}
