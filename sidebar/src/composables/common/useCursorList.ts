import { ref, shallowRef } from 'vue';
import { errorMessage } from '../../api/http.ts';

export interface CursorPage<T> {
  items: T[];
  nextCursor: string | null;
}

/**
 * State for a van-list fed by a keyset-paginated endpoint: `load` appends the
 * next page, `reset` starts over (e.g. after the search text changed).
 */
export function useCursorList<T>(fetchPage: (cursor: string | undefined) => Promise<CursorPage<T>>) {
  const items = shallowRef<T[]>([]);
  const loading = ref(false);
  const finished = ref(false);
  const error = ref('');
  let cursor: string | undefined;
  let generation = 0;

  async function load(): Promise<void> {
    if (finished.value) {
      loading.value = false;
      return;
    }
    const mine = generation;
    loading.value = true;
    try {
      const page = await fetchPage(cursor);
      if (mine !== generation) return; // a reset happened while this page was in flight
      items.value = [...items.value, ...page.items];
      cursor = page.nextCursor ?? undefined;
      finished.value = page.nextCursor === null;
      error.value = '';
    } catch (err) {
      if (mine === generation) error.value = errorMessage(err);
    } finally {
      if (mine === generation) loading.value = false;
    }
  }

  async function reset(): Promise<void> {
    generation += 1;
    items.value = [];
    cursor = undefined;
    finished.value = false;
    error.value = '';
    await load();
  }
  return { items, loading, finished, error, load, reset };
}
