import { describe, expect, it } from 'vitest';
import { isHttpsUrl, isSitePath, scriptBodySchema } from './content.ts';
import { withAbsoluteImages } from './message.ts';

describe('script content URLs', () => {
  it('accepts https URLs, also with {变量} placeholders', () => {
    expect(isHttpsUrl('https://x.example/p.jpg')).toBe(true);
    expect(isHttpsUrl('HTTPS://x.example/g?who={客户称呼}')).toBe(true);
  });

  it('refuses javascript:, data:, http: and anything that is not an absolute https URL', () => {
    for (const v of [
      'javascript:alert(1)',
      ' javascript:alert(1)',
      'java\nscript:alert(1)',
      'data:image/png;base64,AAAA',
      'http://x.example/p.jpg',
      '//x.example/p.jpg',
      '/p.jpg',
      'https:/x.example',
      'https://',
      ' https://x.example',
    ]) {
      expect(isHttpsUrl(v), v).toBe(false);
    }
  });

  it('applies to the image URL, the link URL and the link and mini program cover images', () => {
    const bad = (body: unknown) => scriptBodySchema.safeParse(body).error?.issues.map((i) => [i.path.join('.'), i.message]);
    expect(bad({ type: 'image', content: { imageUrl: 'http://x.example/p.jpg' } })).toEqual([
      ['content.imageUrl', '图片地址必须是 https:// 开头的网址或本站图片路径（/ 开头）'],
    ]);
    expect(bad({ type: 'link', content: { title: 't', url: 'javascript:alert(1)', imgUrl: 'http://x.example/c.jpg' } })).toEqual([
      ['content.url', '链接地址必须是 https:// 开头的网址'],
      ['content.imgUrl', '封面图地址必须是 https:// 开头的网址或本站图片路径（/ 开头）'],
    ]);
    expect(bad({ type: 'miniprogram', content: { appid: 'wx1', title: 't', imgUrl: 'javascript:x', page: 'p' } })).toEqual([
      ['content.imgUrl', '封面图地址必须是 https:// 开头的网址或本站图片路径（/ 开头）'],
    ]);
    expect(scriptBodySchema.parse({ type: 'link', content: { title: 't', url: 'https://x.example' } })).toEqual({
      type: 'link',
      content: { title: 't', desc: '', url: 'https://x.example', imgUrl: '' },
    });
  });

  it('accepts a path on this server for images and covers, never for the link the customer opens', () => {
    expect(isSitePath('/sim/asset/brand-intro.svg')).toBe(true);
    for (const v of ['//x.example/p.jpg', '/a/../b.png', '/p.jpg?x=1', '/p%2e.jpg', '/\\x.example', 'p.jpg', '/p .jpg', '']) {
      expect(isSitePath(v), v).toBe(false);
    }
    expect(scriptBodySchema.parse({ type: 'image', content: { imageUrl: '/sim/asset/a.svg' } })).toEqual({
      type: 'image',
      content: { imageUrl: '/sim/asset/a.svg' },
    });
    expect(
      scriptBodySchema
        .safeParse({ type: 'link', content: { title: 't', url: '/p', imgUrl: '/c.svg' } })
        .error?.issues.map((i) => i.path.join('.')),
    ).toEqual(['content.url']);
  });

  it('makes such cover paths absolute against the sidebar origin before WeCom gets the message', () => {
    const news = { msgtype: 'news' as const, news: { link: 'https://x.example', title: 't', desc: '', imgUrl: '/sim/asset/c.svg' } };
    expect(withAbsoluteImages(news, 'https://app.example')).toEqual({
      ...news,
      news: { ...news.news, imgUrl: 'https://app.example/sim/asset/c.svg' },
    });
    const mp = {
      msgtype: 'miniprogram' as const,
      miniprogram: { appid: 'wx1', title: 't', imgUrl: 'https://cdn.example/c.jpg', page: 'p' },
    };
    expect(withAbsoluteImages(mp, 'https://app.example')).toEqual(mp);
  });
});
