import './zod-jitless.ts';
import { createApp } from 'vue';
import { createPinia } from 'pinia';
import App from './App.vue';
import { router } from './router.ts';
import { resolveChatEarly, shouldResolveEarly } from './composables/wecom/earlyChatContext.ts';
import './styles/base.css';

// Inside WeCom, ask the client for the chat while the app boots (see earlyChatContext.ts).
if (shouldResolveEarly()) void resolveChatEarly();

createApp(App).use(createPinia()).use(router).mount('#app');
