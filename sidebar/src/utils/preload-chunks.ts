/**
 * Starts downloading the files a page will need without running them: `<link rel="modulepreload">`
 * for scripts and `<link rel="preload" as="style">` for stylesheets, from the list the build puts in
 * `<meta name="…">` (vite.config.ts). The dynamic import that follows finds them in the cache.
 */
export function preloadListedFiles(metaName: string): void {
  const listed = document.querySelector<HTMLMetaElement>(`meta[name="${metaName}"]`)?.content ?? '';
  for (const href of listed.split(' ').filter(Boolean)) {
    if (document.head.querySelector(`link[href="${href}"]`)) continue;
    const link = document.createElement('link');
    if (href.endsWith('.css')) {
      link.rel = 'preload';
      link.as = 'style';
    } else {
      link.rel = 'modulepreload';
      link.crossOrigin = '';
    }
    link.href = href;
    document.head.appendChild(link);
  }
}
