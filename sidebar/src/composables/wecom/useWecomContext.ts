import { ref } from 'vue';
import { errorMessage } from '../../api/http.ts';
import type { ChatContext } from '../../stores/session.ts';
import { isWecomClient } from '../../wecom/sdk.ts';
import { resetChatResolution, resolveChatEarly } from './earlyChatContext.ts';

/**
 * Which chat the sidebar is attached to, as the WeCom client says:
 * 1v1 toolbar → the customer, group toolbar → the group, anything else → none.
 * Reuses the resolution main.ts started before mounting.
 */
export function useWecomContext() {
  const error = ref('');
  const inWecom = isWecomClient();

  async function resolveContext(): Promise<ChatContext | null> {
    error.value = '';
    const res = await resolveChatEarly();
    if (res.ok) return res.chat;
    resetChatResolution();
    error.value = errorMessage(res.error, '无法连接企业微信，请稍后重试');
    return null;
  }
  return { inWecom, error, resolveContext };
}
