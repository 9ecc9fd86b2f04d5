import { createHash } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { defineConfig, type Plugin } from 'vite';
import vue from '@vitejs/plugin-vue';
import { aliases } from './aliases.config.ts';
import Components from 'unplugin-vue-components/vite';
import { VantResolver } from '@vant/auto-import-resolver';
import { precompressDir } from './server/src/http/precompress.ts';

const FONT_CACHE = fileURLToPath(new URL('./node_modules/.cache/vant-icon', import.meta.url));

/**
 * Vant's icon CSS inlines its ~40 KB icon font as base64 (plus a CDN fallback we
 * cannot reach). Move the font into its own asset file: the CSS shrinks by ~28 KB
 * gzip and the browser fetches the font only when an icon is actually drawn.
 */
function vantIconFontAsFile(): Plugin {
  return {
    name: 'vant-icon-font-as-file',
    enforce: 'pre',
    transform(code, id) {
      if (!/vant\/es\/icon\/index\.css$/.test(id.split('?')[0] ?? '')) return null;
      const match = /src:url\(data:font\/woff2;charset=utf-8;base64,([A-Za-z0-9+/=]+)\)[^;]*;/.exec(code);
      if (!match?.[1]) return null;
      const font = Buffer.from(match[1], 'base64');
      const name = `vant-icon-${createHash('sha1').update(font).digest('hex').slice(0, 8)}.woff2`;
      mkdirSync(FONT_CACHE, { recursive: true });
      writeFileSync(`${FONT_CACHE}/${name}`, font);
      return { code: code.replace(match[0], `src:url("${FONT_CACHE}/${name}") format("woff2");`), map: null };
    },
  };
}

/**
 * Starts fetching the WeCom JS-SDK (the chat context, needed by every open inside WeCom) right
 * away, in parallel with the entry script, instead of after it ran. It stays a dynamic import, so
 * nothing runs early. (The zod contracts are not preloaded: the first screen does without them,
 * see sidebar/src/api/first-screen-checks.ts.)
 */
function preloadCriticalChunks(): Plugin {
  return {
    name: 'preload-critical-chunks',
    apply: 'build',
    transformIndexHtml: {
      order: 'post',
      handler(html, ctx) {
        const files = Object.values(ctx.bundle ?? {})
          .filter((c) => c.type === 'chunk' && c.facadeModuleId?.includes('@wecom/jssdk'))
          .map((c) => c.fileName);
        return files.map((f) => ({
          tag: 'link',
          attrs: { rel: 'modulepreload', crossorigin: '', href: `/${f}` },
          injectTo: 'head' as const,
        }));
      },
    },
  };
}

/**
 * The customer page's files (its chunk, the chunks it imports that the entry does not, their CSS),
 * listed in a <meta> of index.html. Once the WeCom client says the sidebar is in a 1v1 chat, the
 * entry preloads them (utils/preload-chunks.ts) while it asks for the contact and the open's
 * answer, instead of after: no inline script (CSP), and group chats never fetch them.
 */
function listCustomerPageFiles(): Plugin {
  return {
    name: 'list-customer-page-files',
    apply: 'build',
    transformIndexHtml: {
      order: 'post',
      handler(_html, ctx) {
        const chunks = new Map(
          Object.values(ctx.bundle ?? {})
            .filter((c) => c.type === 'chunk')
            .map((c) => [c.fileName, c]),
        );
        const entry = [...chunks.values()].find((c) => c.isEntry);
        const page = [...chunks.values()].find((c) => c.facadeModuleId?.endsWith('/pages/CustomerPage.vue'));
        if (!entry || !page) return [];
        const loaded = new Set<string>();
        const walk = (name: string, into: Set<string>): void => {
          if (into.has(name)) return;
          into.add(name);
          for (const i of chunks.get(name)?.imports ?? []) walk(i, into);
        };
        walk(entry.fileName, loaded);
        const files = new Set<string>();
        walk(page.fileName, files);
        const list = [...files].filter((f) => !loaded.has(f));
        const css = list.flatMap((f) => [...(chunks.get(f)?.viteMetadata?.importedCss ?? [])]);
        return [
          {
            tag: 'meta',
            attrs: { name: 'customer-page-files', content: [...list, ...css].map((f) => `/${f}`).join(' ') },
            injectTo: 'head' as const,
          },
        ];
      },
    },
  };
}

/** Brotli and gzip copies of every text file of the build, served as they are by the server. */
function precompress(): Plugin {
  let outDir = '';
  return {
    name: 'precompress',
    apply: 'build',
    configResolved(config) {
      outDir = config.build.outDir;
    },
    closeBundle() {
      precompressDir(outDir);
    },
  };
}

const SHARED_PIECES =
  /\/sidebar\/src\/(components\/common\/(AppTabbar|AppAvatar|SegmentBadge)\.vue|components\/scripts\/LazyScriptSendSheet\.ts|utils\/(format|scripts|clipboard)\.ts|api\/(tags|scripts)\.ts|composables\/scripts\/|composables\/customer\/useCustomerTags\.ts)/;

/**
 * Vue + router + Pinia are the boot chunk; zod + the sidebar's shared contracts load together on
 * the first API response; Vant is one chunk fetched with the first page (the app shell avoids it).
 */
type ModuleInfoOf = (id: string) => { importedIds: readonly string[] } | null;
const zodReach = new Map<string, boolean>();

/** Whether a module reaches zod through its static imports (memoised per build). */
function reachesZod(id: string, info: ModuleInfoOf, path = new Set<string>()): boolean {
  const known = zodReach.get(id);
  if (known !== undefined) return known;
  if (id.includes('/node_modules/zod/')) return true;
  if (path.has(id)) return false;
  path.add(id);
  const found = (info(id)?.importedIds ?? []).some((i) => reachesZod(i, info, path));
  zodReach.set(id, found);
  return found;
}

function sharedChunk(id: string, { getModuleInfo }: { getModuleInfo: ModuleInfoOf }): string | undefined {
  if (/\/node_modules\/(@vue|vue|vue-router|pinia)\//.test(id)) return 'vue';
  // (Report/admin-only contracts stay in their own chunks: evaluating zod schemas is not free.)
  // Only the zod contracts (shared/src/api/): the pure helpers of shared/ (names, facts, enums, time) that the
  // first screen renders with stay out of it, or the page would wait for zod to paint.
  if (id.includes('/node_modules/zod/') || (id.includes('/shared/src/api/') && !/\/(reports|archive|staff-admin|dev)\.ts$/.test(id)))
    return 'contracts';
  // Named explicitly: a module a manual chunk depends on is otherwise pulled INTO that chunk, and the
  // script renderer, facts and time helpers would bring all of zod to whatever page uses them.
  // A module of `common` that reached zod would make `common` and `contracts` import each other (a
  // cycle the browser cannot evaluate) and load zod before the first paint: shared/ modules that use
  // zod go with the contracts, and the sidebar's shared pieces that do are left where Rollup puts them.
  const zod = (): boolean => reachesZod(id, getModuleInfo);
  if (id.includes('/shared/src/') && !id.includes('/shared/src/api/')) return zod() ? 'contracts' : 'common';
  // The small pieces several pages share (and the customer page paints with) in one file instead of
  // ten half-kilobyte ones, each a request of its own on HTTP/1.1.
  if (SHARED_PIECES.test(id) && !zod()) return 'common';
  if (id.includes('/node_modules/vant/') || id.includes('/node_modules/@vant/')) return 'vant';
  return undefined;
}

// The sidebar app: root = sidebar/, built into dist/sidebar which the server serves in production.
export default defineConfig({
  root: fileURLToPath(new URL('./sidebar', import.meta.url)),
  resolve: { alias: { '@shared': aliases['@shared'] } },
  // Every component (ours and Vant's) is written with setup(): Vue's Options API support (data,
  // methods, mixins…) is dead weight in the boot chunk.
  define: { __VUE_OPTIONS_API__: 'false' },
  plugins: [
    vantIconFontAsFile(),
    preloadCriticalChunks(),
    listCustomerPageFiles(),
    vue(),
    // Imports each Vant component (and only its CSS) where a template uses it: no full bundle.
    Components({ resolvers: [VantResolver()], dts: false }),
    precompress(),
  ],
  build: {
    outDir: fileURLToPath(new URL('./dist/sidebar', import.meta.url)),
    emptyOutDir: true,
    target: 'es2019',
    chunkSizeWarningLimit: 600,
    rollupOptions: {
      // Few, larger shared chunks: the WeCom webview speaks HTTP/1.1, so twenty 1 KB files
      // queue behind each other (and in front of the API calls) on six connections.
      output: { manualChunks: sharedChunk },
    },
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
