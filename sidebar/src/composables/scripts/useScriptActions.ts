import type { ScriptItem } from '@shared/api/scripts.ts';
import type { ScriptBody } from '@shared/scripts/content.ts';
import { createScript, deleteScript, updateScript } from '../../api/scripts.ts';
import { errorMessage } from '../../api/http.ts';
import { copyText } from '../../utils/clipboard.ts';
import { copyableText } from '../../utils/scripts.ts';
import { confirmedDelete, showSuccessToast, showToast } from '../../utils/feedback.ts';

/** Copy, and the guide's own (personal) scripts: create, edit, delete. */
export function useScriptActions() {
  /** Copies a rendered body (a card's title, description and link), e.g. the preview as the guide edited it. */
  async function copy(body: ScriptBody): Promise<void> {
    if (await copyText(copyableText(body))) showSuccessToast('已复制，可粘贴到聊天');
    else showToast('复制失败，请长按预览内容手动复制');
  }

  async function saveMineDraft(existing: ScriptItem | null, draft: { title: string; text: string; forGroup: boolean }): Promise<boolean> {
    try {
      const body = { title: draft.title, type: 'text' as const, content: { text: draft.text }, forGroup: draft.forGroup };
      if (existing) await updateScript('my', existing.id, body);
      else await createScript('my', body);
      showSuccessToast('已保存');
      return true;
    } catch (err) {
      showToast(errorMessage(err, '保存失败'));
      return false;
    }
  }

  async function removeMineScript(script: ScriptItem): Promise<boolean> {
    return confirmedDelete('删除话术', `确定删除「${script.title}」吗？`, () => deleteScript('my', script.id));
  }
  return { copy, saveMineDraft, removeMineScript };
}
