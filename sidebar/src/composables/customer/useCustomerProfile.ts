import { ref, watch, type Ref } from 'vue';
import type { CustomerProfileResponse } from '@shared/api/customers.ts';
import { fetchCustomerProfile } from '../../api/customers.ts';
import { errorMessage } from '../../api/http.ts';

/** The one-shot profile of a customer; reloads when the id changes. */
export function useCustomerProfile(id: Ref<number>) {
  const profile = ref<CustomerProfileResponse | null>(null);
  const loading = ref(false);
  const error = ref('');

  async function load(): Promise<void> {
    loading.value = true;
    error.value = '';
    try {
      profile.value = await fetchCustomerProfile(id.value);
    } catch (err) {
      profile.value = null;
      error.value = errorMessage(err);
    } finally {
      loading.value = false;
    }
  }
  watch(id, load, { immediate: true });
  return { profile, loading, error, reload: load };
}
