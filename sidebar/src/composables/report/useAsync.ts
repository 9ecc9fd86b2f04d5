import { ref, watch, type Ref, type WatchSource } from 'vue';
import { errorMessage } from '../../api/http.ts';

/**
 * Loads data whenever a source changes; exposes loading/error so every report card
 * shows a skeleton, the data, or a Chinese error with a retry — never a blank card.
 */
export function useAsync<T>(
  source: WatchSource<unknown>,
  load: () => Promise<T>,
): { data: Ref<T | undefined>; loading: Ref<boolean>; error: Ref<string>; reload: () => Promise<void> } {
  const data = ref<T>();
  const loading = ref(true);
  const error = ref('');
  let seq = 0;
  const reload = async () => {
    const mine = ++seq;
    loading.value = true;
    error.value = '';
    try {
      const value = await load();
      if (mine === seq) data.value = value;
    } catch (err) {
      if (mine === seq) error.value = errorMessage(err);
    } finally {
      if (mine === seq) loading.value = false;
    }
  };
  watch(source, reload, { immediate: true });
  return { data, loading, error, reload };
}
