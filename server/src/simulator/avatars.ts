import { createHash } from 'node:crypto';
import type { Middleware } from 'koa';

/** Where the simulator serves the demo corp's avatars (the stand-in for wx.qlogo.cn / wework.qpic.cn). */
export const AVATAR_PATH = '/sim/avatar/';

const SKIN = ['#f6d5c3', '#efc7a8', '#e8b894', '#f3cfb6', '#dcaa86'];
const HAIR = ['#2b1d16', '#3b2a20', '#5a3b2a', '#1f1a17', '#6b4a34', '#8a5a3c'];
const BACKDROP = ['#ffe7ba', '#d6e4ff', '#d9f7be', '#ffd6e7', '#efdbff', '#b5f5ec', '#fff1b8', '#ffd8bf'];

/**
 * A small face drawn from the key's digest (backdrop, skin, hair length and colour, smile),
 * so every contact has their own, the same at every start, without any external host.
 */
export function avatarSvg(key: string): string {
  const h = createHash('sha1').update(key).digest();
  const at = (i: number, list: readonly string[]) => list[(h[i] ?? 0) % list.length] ?? list[0];
  const longHair = (h[4] ?? 0) % 3 !== 0;
  const smile = 58 + ((h[5] ?? 0) % 5);
  const hair = at(3, HAIR);
  return [
    '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 100 100" width="132" height="132">',
    `<rect width="100" height="100" fill="${at(1, BACKDROP)}"/>`,
    longHair ? `<path d="M22 48 Q20 90 32 96 L68 96 Q80 90 78 48 Z" fill="${hair}"/>` : '',
    `<path d="M18 100 Q20 74 50 72 Q80 74 82 100 Z" fill="${at(6, BACKDROP)}" opacity="0.9"/>`,
    `<rect x="43" y="60" width="14" height="14" rx="4" fill="${at(2, SKIN)}"/>`,
    `<ellipse cx="50" cy="46" rx="20" ry="23" fill="${at(2, SKIN)}"/>`,
    `<path d="M29 44 Q30 20 50 20 Q70 20 71 44 Q62 31 50 31 Q38 31 29 44 Z" fill="${hair}"/>`,
    '<circle cx="42" cy="47" r="2.4" fill="#2b2b2b"/><circle cx="58" cy="47" r="2.4" fill="#2b2b2b"/>',
    `<path d="M43 ${smile} Q50 ${smile + 5} 57 ${smile}" stroke="#b0544a" stroke-width="2" fill="none" stroke-linecap="round"/>`,
    '</svg>',
  ].join('');
}

/** GET /sim/avatar/<key>.svg — public and cacheable, like WeChat's avatar CDN. */
export function avatarAssets(): Middleware {
  return async function simulatorAvatars(ctx, next) {
    const m = /^\/sim\/avatar\/([A-Za-z0-9_-]{1,64})\.svg$/.exec(ctx.path);
    if (!m || ctx.method !== 'GET') {
      await next();
      return;
    }
    ctx.type = 'image/svg+xml';
    ctx.set('Cache-Control', 'public, max-age=86400, immutable');
    ctx.body = avatarSvg(m[1] ?? '');
  };
}
