import { computed } from 'vue';
import { useRouter } from 'vue-router';
import { groupIdByChat } from '../../api/groups.ts';
import { useSessionStore } from '../../stores/session.ts';

/** The customer group of the current group chat (from the WeCom client or the demo bar). */
export function useCurrentGroup() {
  const store = useSessionStore();
  const router = useRouter();
  const currentGroupId = computed(() => (store.chat.kind === 'group' ? store.chat.groupId : undefined));

  /** Resolves the chat's chat_id to our group and opens its page. */
  async function openChatGroup(chatId: string, replace = false): Promise<void> {
    const id = await groupIdByChat(chatId);
    store.setChat({ kind: 'group', chatId, groupId: id });
    const to = { name: 'group', params: { id: String(id) } };
    await (replace ? router.replace(to) : router.push(to));
  }
  return { currentGroupId, openChatGroup };
}
