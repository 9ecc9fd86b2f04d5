import { inject, provide, ref, watch, type InjectionKey, type Ref } from 'vue';
import { errorMessage } from '../../api/http.ts';

interface Entry {
  promise: Promise<unknown>;
  settled: boolean;
  value?: unknown;
}

/**
 * Report data fetched once per key (tab + period + filters) and kept while the page is open,
 * so switching tabs back and forth sends no request; `clear` (pull to refresh) forgets it all.
 * A failed load is not kept: opening the tab again tries again.
 */
export interface ReportCache {
  get<T>(key: string, load: () => Promise<T>): Entry & { promise: Promise<T> };
  clear(): void;
  /** Bumped by clear(), so views showing cached data load it again. */
  generation: Ref<number>;
}

export function createReportCache(): ReportCache {
  const entries = new Map<string, Entry>();
  const generation = ref(0);
  return {
    get<T>(key: string, load: () => Promise<T>) {
      let entry = entries.get(key);
      if (!entry) {
        const created: Entry = { promise: load(), settled: false };
        created.promise.then(
          (value) => {
            created.settled = true;
            created.value = value;
          },
          () => {
            if (entries.get(key) === created) entries.delete(key);
          },
        );
        entries.set(key, created);
        entry = created;
      }
      return entry as Entry & { promise: Promise<T> };
    },
    clear() {
      entries.clear();
      generation.value++;
    },
    generation,
  };
}

const CACHE: InjectionKey<ReportCache> = Symbol('report-cache');

export function provideReportCache(): ReportCache {
  const cache = createReportCache();
  provide(CACHE, cache);
  return cache;
}

/** The page's cache (a fresh one when used outside the reports page, e.g. in isolation). */
export function useReportCache(): ReportCache {
  return inject(CACHE, null) ?? createReportCache();
}

export interface CachedData<T> {
  data: Ref<T | undefined>;
  loading: Ref<boolean>;
  error: Ref<string>;
  /** Loads the current key again (after a failure). */
  reload: () => Promise<void>;
}

/**
 * The data under `key()` from the cache, loading it on first use; `key()` returning null means
 * "not needed now" (an inactive tab) and leaves what is shown alone. Cached data shows at once,
 * without a skeleton in between.
 */
export function useCachedData<T>(cache: ReportCache, key: () => string | null, load: () => Promise<T>): CachedData<T> {
  const data = ref<T>();
  const loading = ref(true);
  const error = ref('');
  let seq = 0;
  const show = async (k: string) => {
    const mine = ++seq;
    const entry = cache.get(k, load);
    if (entry.settled) {
      data.value = entry.value as T;
      loading.value = false;
      error.value = '';
      return;
    }
    loading.value = true;
    error.value = '';
    try {
      const value = await entry.promise;
      if (mine === seq) data.value = value;
    } catch (err) {
      if (mine === seq) error.value = errorMessage(err);
    } finally {
      if (mine === seq) loading.value = false;
    }
  };
  const reload = async () => {
    const k = key();
    if (k !== null) await show(k);
  };
  watch([key, cache.generation], reload, { immediate: true });
  return { data, loading, error, reload };
}
