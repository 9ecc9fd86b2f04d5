import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoScripts } from '@server/demo/index.ts';
import { PRODUCTS } from '@server/demo/catalog.ts';
import { productImagePath } from '@server/demo/images.ts';
import { scriptBodySchema } from '@shared/scripts/content.ts';
import { startSimulator, type RunningSimulator, type Simulator } from './index.ts';

describe('demo script and product pictures served by the simulator', () => {
  let sim: Simulator & RunningSimulator;
  beforeAll(async () => {
    sim = await startSimulator({ corp: { customers: 5, guides: 1, groups: 0 } });
  });
  afterAll(async () => sim?.close());

  it('serves a picture for every image, link cover and mini-program cover of the demo scripts, valid for the script schema', async () => {
    const scripts = demoScripts(new Date('2026-11-23T02:00:00Z')).flatMap((f) => f.scripts);
    const paths = scripts.flatMap((s) => {
      const body = scriptBodySchema.parse({ type: s.type, content: s.content });
      if (body.type === 'image') return [body.content.imageUrl];
      if (body.type === 'link' || body.type === 'miniprogram') return [body.content.imgUrl];
      return [];
    });
    expect(paths.length).toBeGreaterThan(10);
    for (const path of paths) {
      expect(path).toMatch(/^\/sim\/asset\/[a-z-]+\.svg$/);
      const res = await fetch(`${sim.url}${path}`);
      expect(res.status, path).toBe(200);
      expect(res.headers.get('content-type')).toContain('image/svg+xml');
      expect(await res.text()).toMatch(/^<svg xmlns="http:\/\/www.w3.org\/2000\/svg"[^>]*>.*木棉集.*<\/svg>$/);
    }
  });

  it('draws every catalogue product with its name, and answers 404 for anything else', async () => {
    for (const p of PRODUCTS) {
      const res = await fetch(`${sim.url}${productImagePath(p)}`);
      expect(res.status).toBe(200);
      expect(await res.text()).toContain(p.name.replace(/&/g, '&#38;'));
    }
    for (const path of ['/sim/asset/nope.svg', '/sim/asset/product/MM-XX-999.svg', '/sim/asset/..%2Fx.svg', '/sim/asset/brand-intro.png']) {
      expect((await fetch(`${sim.url}${path}`)).status, path).toBe(404);
    }
  });
});
