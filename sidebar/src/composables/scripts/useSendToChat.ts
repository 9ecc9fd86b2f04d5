import { computed, ref } from 'vue';
import { showSuccessToast, showToast } from '../../utils/feedback.ts';
import { recordScriptSend } from '../../api/scripts.ts';
import { errorMessage } from '../../api/http.ts';
import { useSessionStore } from '../../stores/session.ts';
import { isWecomClient, sendChatMessage } from '../../wecom/sdk.ts';
import { WecomError } from '../../wecom/errors.ts';
import { withAbsoluteImages } from '@shared/scripts/message.ts';

export type SendTarget = { customerId: number } | { groupId: number };

/**
 * Sends a script into the chat the sidebar is attached to, only after the guide confirmed the
 * preview (ScriptSendSheet): the server renders it
 * and records the send, then the WeCom client puts it into the chat. Outside WeCom
 * (demo bar) the send is recorded and simulated.
 */
export function useSendToChat() {
  const store = useSessionStore();
  const sending = ref<number | null>(null);

  /** Sending is only possible into the chat we are attached to (not into a profile opened from a list). */
  const chatTarget = computed<SendTarget | null>(() => {
    const chat = store.chat;
    if (chat.kind === 'single' && chat.customerId !== undefined) return { customerId: chat.customerId };
    if (chat.kind === 'group' && chat.groupId !== undefined) return { groupId: chat.groupId };
    return null;
  });

  /** Sends a script the guide has confirmed in the preview; `text` is their edited text (text scripts). */
  async function sendScript(scriptId: number, text?: string): Promise<boolean> {
    const target = chatTarget.value;
    if (!target) {
      showToast('请在客户或客户群的聊天窗口中打开侧边栏后发送');
      return false;
    }
    sending.value = scriptId;
    try {
      const { message } = await recordScriptSend(scriptId, target, text);
      if (isWecomClient()) await sendChatMessage(withAbsoluteImages(message, window.location.origin));
      showSuccessToast(isWecomClient() ? '已发送' : '演示模式：已模拟发送到聊天');
      return true;
    } catch (err) {
      if (err instanceof WecomError && err.kind === 'cancelled') showToast('已取消发送');
      else showToast(errorMessage(err, '发送失败，请重试'));
      return false;
    } finally {
      sending.value = null;
    }
  }
  return { chatTarget, sending, sendScript };
}
