import { defineStore } from 'pinia';
import { ref } from 'vue';
import type { MeResponse } from '@shared/api/me.ts';

/** The chat the sidebar is attached to (from the WeCom client, or picked in the demo bar). */
export type ChatContext =
  { kind: 'none' } | { kind: 'single'; externalUserid: string; customerId?: number } | { kind: 'group'; chatId: string; groupId?: number };

/** Cross-page session state only: who I am, whether this is the demo, which chat I am in. */
export const useSessionStore = defineStore('session', () => {
  const me = ref<MeResponse | null>(null);
  /** null until /healthz answered. */
  const demoMode = ref<boolean | null>(null);
  const chat = ref<ChatContext>({ kind: 'none' });

  function setChat(next: ChatContext): void {
    chat.value = next;
  }
  return { me, demoMode, chat, setChat };
});
