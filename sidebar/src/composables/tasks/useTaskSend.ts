import { ref } from 'vue';
import type { TaskItem } from '@shared/api/tasks.ts';
import { errorMessage } from '../../api/http.ts';
import { completeTask } from '../../api/tasks.ts';
import type { SendSheetItem } from '../../components/scripts/send-sheet-item.ts';
import { showSuccessToast, showToast } from '../../utils/feedback.ts';
import { formatDateTime } from '../../utils/format.ts';
import { WecomError } from '../../wecom/errors.ts';
import { isWecomClient, sendChatMessage, shareToExternalChat, shareToExternalContact } from '../../wecom/sdk.ts';

/** A task as the send sheet shows it: the rule and due time above the full message. */
export interface TaskSheetItem extends SendSheetItem {
  task: TaskItem;
}

/**
 * Tasks go through the same preview sheet as scripts: the guide sees (and may correct) the whole
 * message, and only 确认发送 sends it — into the open chat (sendChatMessage) when the task is for
 * this chat, else through 群发助手 (shareToExternalContact / shareToExternalChat) — and marks the
 * task done. `inChat` says whether the list belongs to the chat the sidebar is attached to.
 */
export function useTaskSend(inChat: () => boolean, onDone: (id: number) => void) {
  const item = ref<TaskSheetItem | null>(null);
  const open = ref(false);
  const sending = ref(false);

  function preview(task: TaskItem): void {
    const who = task.customer?.name ?? task.group?.name ?? '';
    item.value = {
      task,
      title: `${task.rule.name} · ${who}`,
      note: `${task.overdue ? '已逾期' : '今天'} ${formatDateTime(task.dueAt).slice(-5)} 前完成`,
      audience: task.group ? '群成员' : '客户',
      rendered: { type: 'text', content: { text: task.text } },
    };
    open.value = true;
  }

  async function confirm(chosen: TaskSheetItem, edited: string | undefined): Promise<void> {
    const t = chosen.task;
    const text = edited ?? t.text;
    const viaChat = inChat();
    sending.value = true;
    try {
      if (isWecomClient()) {
        if (viaChat) await sendChatMessage({ msgtype: 'text', text: { content: text } });
        else if (t.customer) await shareToExternalContact(text, [t.customer.externalUserid]);
        else if (t.group) await shareToExternalChat(text, [t.group.chatId]);
      }
      await completeTask(t.id, viaChat ? 'chat' : 'share', edited);
      showSuccessToast(isWecomClient() ? '已发送' : '演示模式：已模拟发送');
      open.value = false;
      onDone(t.id);
    } catch (err) {
      showToast(err instanceof WecomError && err.kind === 'cancelled' ? '已取消发送' : errorMessage(err, '发送失败，请重试'));
    } finally {
      sending.value = false;
    }
  }
  return { item, open, sending, preview, confirm };
}
