import { ref, type Ref } from 'vue';
import type { ScriptItem } from '@shared/api/scripts.ts';
import { fetchScript } from '../../api/scripts.ts';
import { errorMessage } from '../../api/http.ts';
import { showToast } from '../../utils/feedback.ts';
import { useSendToChat, type SendTarget } from './useSendToChat.ts';

/**
 * Every send goes through one preview sheet: open it with a listed script (already rendered for this
 * chat) or by id (fetched rendered for `previewFor`), and the send happens only on 确认发送.
 * `counts` is the list whose 已发 N 次 counts a confirmed send at once; `onSent` lets the page refresh
 * what else the send changed (next actions, last contact).
 */
export function useSendSheet(options: { counts?: Ref<ScriptItem[]>; onSent?: () => void } = {}) {
  const { chatTarget, sending, sendScript } = useSendToChat();
  const script = ref<ScriptItem | null>(null);
  const open = ref(false);

  function preview(s: ScriptItem): void {
    script.value = s;
    open.value = true;
  }

  /** Loads one script rendered for `previewFor` (the customer or group on screen) and opens the preview. */
  async function previewById(id: number, previewFor: SendTarget): Promise<void> {
    try {
      preview(await fetchScript(id, previewFor));
    } catch (err) {
      showToast(errorMessage(err, '话术加载失败，请重试'));
    }
  }

  async function confirm(s: ScriptItem, text: string | undefined): Promise<void> {
    if (!(await sendScript(s.id, text))) return;
    open.value = false;
    const list = options.counts;
    if (list) list.value = list.value.map((x) => (x.id === s.id ? { ...x, sendCount: x.sendCount + 1 } : x));
    options.onSent?.();
  }
  return { chatTarget, sending, script, open, preview, previewById, confirm };
}
