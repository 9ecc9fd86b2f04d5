import { computed, ref, watch, type Ref } from 'vue';
import type { ScriptFolder, ScriptItem } from '@shared/api/scripts.ts';
import { fetchScriptFolders, fetchScripts } from '../../api/scripts.ts';
import { useCursorList } from '../common/useCursorList.ts';

export interface LibraryContext {
  customerId?: number;
  groupId?: number;
}

/**
 * The 话术库 list: folders, search, and the scripts rendered for the current
 * customer/group. Scripts 推荐 for the customer (their conditions hold; the server says why) are shown first.
 */
export function useScriptLibrary(context: Ref<LibraryContext>) {
  const folders = ref<ScriptFolder[]>([]);
  const folderId = ref<number | null>(null);
  const q = ref('');
  const list = useCursorList((cursor) =>
    fetchScripts({
      ...context.value,
      q: q.value || undefined,
      folderId: folderId.value ?? undefined,
      cursor,
      limit: 20,
    }),
  );

  const recommended = computed<ScriptItem[]>(() =>
    q.value || folderId.value !== null ? [] : list.items.value.filter((s) => s.recommended),
  );
  const others = computed<ScriptItem[]>(() => {
    const rec = new Set(recommended.value.map((s) => s.id));
    return list.items.value.filter((s) => !rec.has(s.id));
  });

  async function loadFolders(): Promise<void> {
    folders.value = (await fetchScriptFolders()).folders;
  }
  let timer: ReturnType<typeof setTimeout> | undefined;
  watch(q, () => {
    clearTimeout(timer);
    timer = setTimeout(() => {
      void list.reset();
    }, 300);
  });
  watch([folderId, context], () => {
    void list.reset();
  });

  return { folders, folderId, q, recommended, others, list, loadFolders };
}
