import { ref } from 'vue';
import type { CreateScriptRequest, ScriptFolder, ScriptItem, UpdateScriptRequest } from '@shared/api/scripts.ts';
import {
  createFolder,
  createScript,
  deleteFolder,
  deleteScript,
  fetchScriptFolders,
  fetchScripts,
  updateFolder,
  updateScript,
} from '../../api/scripts.ts';
import { errorMessage } from '../../api/http.ts';
import { confirmed, showSuccessToast, showToast } from '../../utils/feedback.ts';

/** Runs a write, toasts the outcome in Chinese, and says whether it worked. */
async function attempt(work: () => Promise<unknown>, done: string, failed: string): Promise<boolean> {
  try {
    await work();
    showSuccessToast(done);
    return true;
  } catch (err) {
    showToast(errorMessage(err, failed));
    return false;
  }
}

/** The admin 话术管理 page: corp folders and the scripts of the selected folder. */
export function useAdminScripts() {
  const folders = ref<ScriptFolder[]>([]);
  const selected = ref<number | null>(null);
  const scripts = ref<ScriptItem[]>([]);
  const loading = ref(false);
  const error = ref('');

  async function loadFolders(): Promise<void> {
    try {
      folders.value = (await fetchScriptFolders()).folders.filter((f) => f.scope === 'corp');
    } catch (err) {
      error.value = errorMessage(err);
    }
  }
  async function loadScripts(): Promise<void> {
    loading.value = true;
    try {
      const res = await fetchScripts({ folderId: selected.value ?? undefined, limit: 100 });
      scripts.value = res.items.filter((s) => s.scope === 'corp');
    } catch (err) {
      error.value = errorMessage(err);
    } finally {
      loading.value = false;
    }
  }
  async function select(id: number | null): Promise<void> {
    selected.value = id;
    await loadScripts();
  }

  const addFolder = async (name: string, parentId: number | null): Promise<boolean> =>
    (await attempt(() => createFolder({ name, parentId }), '已新建分类', '新建分类失败')) && (await loadFolders(), true);
  const editFolder = async (id: number, patch: { name?: string; parentId?: number | null }): Promise<boolean> =>
    (await attempt(() => updateFolder(id, patch), '已保存', '保存分类失败')) && (await loadFolders(), true);
  async function removeFolder(folder: ScriptFolder): Promise<void> {
    if (!(await confirmed('请确认', `删除分类「${folder.name}」？分类下有话术时无法删除。`))) return;
    if (await attempt(() => deleteFolder(folder.id), '已删除', '删除分类失败')) {
      if (selected.value === folder.id) selected.value = null;
      await Promise.all([loadFolders(), loadScripts()]);
    }
  }

  async function saveScript(existing: ScriptItem | null, body: CreateScriptRequest & UpdateScriptRequest): Promise<boolean> {
    const ok = await attempt(
      () => (existing ? updateScript('admin', existing.id, body) : createScript('admin', body)),
      '已保存',
      '保存话术失败',
    );
    if (ok) await loadScripts();
    return ok;
  }
  async function removeScript(script: ScriptItem): Promise<void> {
    if (!(await confirmed('请确认', `删除话术「${script.title}」？`))) return;
    if (await attempt(() => deleteScript('admin', script.id), '已删除', '删除话术失败')) await loadScripts();
  }
  return {
    folders,
    selected,
    scripts,
    loading,
    error,
    loadFolders,
    loadScripts,
    select,
    addFolder,
    editFolder,
    removeFolder,
    saveScript,
    removeScript,
  };
}
