import { ref } from 'vue';
import { fetchDemoMode, fetchMe } from '../../api/session.ts';
import { ApiError, errorMessage, setUnauthorizedHandler } from '../../api/http.ts';
import { useSessionStore } from '../../stores/session.ts';
import { isWecomClient } from '../../wecom/sdk.ts';
import { resolveChatEarly, shouldResolveEarly } from '../wecom/earlyChatContext.ts';

/** Sends the browser through WeCom OAuth2 and back to where it was (or to `back`). */
export function goToLogin(back = location.pathname + location.search): void {
  location.assign(`/auth/login?redirect=${encodeURIComponent(back)}`);
}

/**
 * Who am I and is this the demo? Runs once in App.vue. A 401 goes to the OAuth
 * login, except in demo mode outside WeCom where the dev bar logs in instead.
 */
export function useSessionBootstrap() {
  const store = useSessionStore();
  const ready = ref(false);
  const error = ref('');
  const demoBarLogin = (): boolean => store.demoMode === true && !isWecomClient();

  setUnauthorizedHandler(() => {
    if (store.demoMode === null) return; // bootstrap decides once the mode is known
    if (demoBarLogin()) store.me = null;
    else goToLogin();
  });

  async function start(): Promise<void> {
    // A 1v1 open already says who is signed in (earlyChatContext.ts): no /api/me in front of the profile.
    if (shouldResolveEarly()) {
      const early = await resolveChatEarly();
      if (early.ok && early.me) {
        store.demoMode = false;
        store.me = early.me;
        ready.value = true;
        return;
      }
      if (!early.ok && early.error instanceof ApiError && early.error.status === 401) return goToLogin();
    }
    // Inside WeCom the demo mode changes nothing (no dev bar, 401 → OAuth), so skip the request.
    const [mode, me] = await Promise.allSettled([isWecomClient() ? Promise.resolve(false) : fetchDemoMode(), fetchMe()]);
    store.demoMode = mode.status === 'fulfilled' ? mode.value : false;
    if (me.status === 'fulfilled') store.me = me.value;
    else if (me.reason instanceof ApiError && me.reason.status === 401) {
      if (!demoBarLogin()) return goToLogin();
    } else error.value = errorMessage(me.reason);
    ready.value = true;
  }
  return { ready, error, start };
}
