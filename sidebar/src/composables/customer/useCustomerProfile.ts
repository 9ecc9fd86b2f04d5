import { ref, watch, type Ref } from 'vue';
import type { CustomerProfileResponse } from '@shared/api/customers.ts';
import { fetchCustomerProfile } from '../../api/customers.ts';
import { errorMessage } from '../../api/http.ts';

/** The one-shot profile of a customer; reloads when the id changes. */
export function useCustomerProfile(id: Ref<number>) {
  const profile = ref<CustomerProfileResponse | null>(null);
  const loading = ref(false);
  const error = ref('');
  // Switching chats quickly overlaps requests; only the latest one may write, or an older
  // customer's profile could land on top of the one now open.
  let seq = 0;

  async function load(): Promise<void> {
    const mine = ++seq;
    loading.value = true;
    error.value = '';
    try {
      const value = await fetchCustomerProfile(id.value);
      if (mine === seq) profile.value = value;
    } catch (err) {
      if (mine !== seq) return;
      profile.value = null;
      error.value = errorMessage(err);
    } finally {
      if (mine === seq) loading.value = false;
    }
  }
  /** After a send: the value card (last contact) is read again; a failure keeps what is shown. */
  async function refreshValue(): Promise<void> {
    const mine = seq;
    try {
      const fresh = await fetchCustomerProfile(id.value);
      if (mine === seq && profile.value) profile.value.value = fresh.value;
    } catch {
      // the card keeps its previous figures
    }
  }
  watch(id, load, { immediate: true });
  return { profile, loading, error, reload: load, refreshValue };
}
