import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';
import vue from '@vitejs/plugin-vue';
import Components from 'unplugin-vue-components/vite';
import { VantResolver } from '@vant/auto-import-resolver';

// The sidebar app: root = sidebar/, built into dist/sidebar which the server serves in production.
export default defineConfig({
  root: fileURLToPath(new URL('./sidebar', import.meta.url)),
  plugins: [
    vue(),
    // Imports each Vant component (and only its CSS) where a template uses it: no full bundle.
    Components({ resolvers: [VantResolver()], dts: false }),
  ],
  build: {
    outDir: fileURLToPath(new URL('./dist/sidebar', import.meta.url)),
    emptyOutDir: true,
    target: 'es2019',
    chunkSizeWarningLimit: 600,
  },
  server: {
    port: 5173,
    proxy: {
      '/api': 'http://127.0.0.1:3000',
      '/auth': 'http://127.0.0.1:3000',
      '/healthz': 'http://127.0.0.1:3000',
      '/connect': 'http://127.0.0.1:3000',
    },
  },
});
