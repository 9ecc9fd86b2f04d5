import type { Middleware } from 'koa';
import type { Product } from '@server/demo/catalog.ts';
import { DEMO_IMAGE_PATH, DEMO_POSTERS, productBySku, type DemoPoster } from '@server/demo/images.ts';

/**
 * The demo brand's pictures, drawn as SVG: posters (script images, link and mini-program covers)
 * and product shots by category. Served on the server's own origin under /sim/asset/, the
 * stand-in for the brand's CDN, so the demo's previews and cards show pictures offline.
 */

const TONES: Record<DemoPoster['tone'], [string, string, string]> = {
  rose: ['#fff0f3', '#ffd6e0', '#c2185b'],
  sand: ['#fff8ee', '#f6e3c8', '#8d5a2b'],
  leaf: ['#f1fbf3', '#cdeed6', '#2e7d4f'],
  sky: ['#eef6ff', '#cfe3ff', '#2456a6'],
  plum: ['#f7f0ff', '#e3d2fb', '#6b3fa0'],
  gold: ['#fffbe8', '#fbe7a8', '#9a6b00'],
};
const FONT = `font-family="'PingFang SC','Noto Sans CJK SC','Microsoft YaHei',sans-serif"`;

const escapeXml = (s: string) => s.replace(/[<>&"']/g, (c) => `&#${c.charCodeAt(0)};`);

/** A product drawn by its category, centred on (cx, cy) at `scale` (1 ≈ 200 px tall). */
function productShape(p: Product, cx: number, cy: number, scale: number, accent: string): string {
  const body = (inner: string) => `<g transform="translate(${cx} ${cy}) scale(${scale})">${inner}</g>`;
  const label = `<text x="0" y="18" text-anchor="middle" font-size="13" fill="${accent}" ${FONT} letter-spacing="2">MUMIAN</text>`;
  switch (p.category) {
    case '彩妆':
      return body(
        `<rect x="-26" y="-10" width="52" height="100" rx="8" fill="#2b2b2b"/><rect x="-22" y="-6" width="44" height="20" rx="3" fill="#c9a46b"/>` +
          `<path d="M-18 -10 L-18 -70 Q0 -100 18 -78 L18 -10 Z" fill="${accent}"/>` +
          `<text x="0" y="50" text-anchor="middle" font-size="8" fill="#e8d3b0" ${FONT} letter-spacing="1">MUMIAN</text>`,
      );
    case '面膜':
      return body(
        `<rect x="-60" y="-85" width="120" height="170" rx="14" fill="#ffffff" stroke="${accent}" stroke-width="3"/>` +
          `<path d="M-60 -55 H60" stroke="${accent}" stroke-dasharray="6 5" stroke-width="2"/>` +
          `<circle cx="0" cy="10" r="32" fill="${accent}" opacity="0.15"/>${label}`,
      );
    case '礼盒':
      return body(
        `<rect x="-85" y="-45" width="170" height="120" rx="8" fill="${accent}"/><rect x="-95" y="-70" width="190" height="30" rx="6" fill="${accent}" opacity="0.85"/>` +
          `<rect x="-10" y="-70" width="20" height="145" fill="#f6d48a"/><path d="M0 -70 Q-40 -110 -50 -80 Q-30 -70 0 -70 Q30 -70 50 -80 Q40 -110 0 -70 Z" fill="#f6d48a"/>`,
      );
    case '香氛':
      return body(
        `<rect x="-12" y="-95" width="24" height="25" rx="3" fill="#c9a46b"/><rect x="-55" y="-70" width="110" height="150" rx="26" fill="#ffffff" opacity="0.9" stroke="${accent}" stroke-width="3"/>` +
          `<rect x="-35" y="-20" width="70" height="50" rx="4" fill="${accent}" opacity="0.12"/>${label}`,
      );
    default:
      return body(
        `<rect x="-16" y="-100" width="32" height="28" rx="5" fill="${accent}"/><rect x="-44" y="-74" width="88" height="170" rx="18" fill="#ffffff" stroke="${accent}" stroke-width="3"/>` +
          `<rect x="-30" y="-20" width="60" height="70" rx="6" fill="${accent}" opacity="0.12"/>${label}`,
      );
  }
}

export function posterSvg(poster: DemoPoster): string {
  const [from, to, accent] = TONES[poster.tone];
  const product = poster.sku ? productBySku(poster.sku) : undefined;
  if (poster.square) {
    return [
      `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 400 400" width="400" height="400">`,
      `<defs><linearGradient id="g" x1="0" y1="0" x2="1" y2="1"><stop offset="0" stop-color="${from}"/><stop offset="1" stop-color="${to}"/></linearGradient></defs>`,
      `<rect width="400" height="400" fill="url(#g)"/>`,
      `<text x="200" y="46" text-anchor="middle" font-size="16" fill="${accent}" ${FONT} letter-spacing="3">木棉集 MUMIAN</text>`,
      product ? productShape(product, 200, 170, 0.8, accent) : '',
      `<text x="200" y="318" text-anchor="middle" font-size="34" font-weight="700" fill="#2b2b2b" ${FONT}>${escapeXml(poster.title)}</text>`,
      `<text x="200" y="356" text-anchor="middle" font-size="17" fill="#555" ${FONT}>${escapeXml(poster.line)}</text>`,
      '</svg>',
    ].join('');
  }
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 600 400" width="600" height="400">`,
    `<defs><linearGradient id="g" x1="0" y1="0" x2="1" y2="1"><stop offset="0" stop-color="${from}"/><stop offset="1" stop-color="${to}"/></linearGradient></defs>`,
    `<rect width="600" height="400" fill="url(#g)"/>`,
    `<circle cx="500" cy="210" r="130" fill="#ffffff" opacity="0.45"/>`,
    `<text x="40" y="64" font-size="20" fill="${accent}" ${FONT} letter-spacing="3">木棉集 MUMIAN</text>`,
    `<text x="40" y="180" font-size="44" font-weight="700" fill="#2b2b2b" ${FONT}>${escapeXml(poster.title)}</text>`,
    `<text x="40" y="230" font-size="22" fill="#555" ${FONT}>${escapeXml(poster.line)}</text>`,
    `<rect x="40" y="300" width="150" height="44" rx="22" fill="${accent}"/>`,
    `<text x="115" y="329" text-anchor="middle" font-size="18" fill="#fff" ${FONT}>了解详情</text>`,
    product ? productShape(product, 500, 215, 0.8, accent) : '',
    '</svg>',
  ].join('');
}

const CATEGORY_TONE: Record<string, DemoPoster['tone']> = { 护肤: 'sky', 面膜: 'leaf', 彩妆: 'rose', 礼盒: 'gold', 香氛: 'plum' };

export function productSvg(p: Product): string {
  const [from, to, accent] = TONES[CATEGORY_TONE[p.category] ?? 'sand'];
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 400 400" width="400" height="400">`,
    `<defs><radialGradient id="g" cx="0.5" cy="0.4" r="0.7"><stop offset="0" stop-color="${from}"/><stop offset="1" stop-color="${to}"/></radialGradient></defs>`,
    `<rect width="400" height="400" fill="url(#g)"/>`,
    `<ellipse cx="200" cy="320" rx="110" ry="14" fill="#000" opacity="0.08"/>`,
    productShape(p, 200, 200, 1.2, accent),
    `<text x="200" y="372" text-anchor="middle" font-size="18" fill="#333" ${FONT}>${escapeXml(p.name)}</text>`,
    '</svg>',
  ].join('');
}

/** GET /sim/asset/<poster>.svg and /sim/asset/product/<sku>.svg — public and cacheable, like a CDN. */
export function demoImageAssets(): Middleware {
  const pattern = new RegExp(`^${DEMO_IMAGE_PATH}(?:product/)?([A-Za-z0-9-]{1,64})\\.svg$`);
  return async function demoImages(ctx, next) {
    const m = ctx.method === 'GET' ? pattern.exec(ctx.path) : null;
    const key = m?.[1] ?? '';
    const isProduct = ctx.path.startsWith(`${DEMO_IMAGE_PATH}product/`);
    const product = isProduct ? productBySku(key) : undefined;
    const poster = isProduct ? undefined : DEMO_POSTERS[key];
    const svg = product ? productSvg(product) : poster ? posterSvg(poster) : null;
    if (!m || svg === null) {
      await next();
      return;
    }
    ctx.type = 'image/svg+xml';
    ctx.set('Cache-Control', 'public, max-age=86400');
    ctx.body = svg;
  };
}
