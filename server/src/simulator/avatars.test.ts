import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoCustomer, demoDirectory, demoOptions } from '@server/demo/index.ts';
import { startSimulator, type RunningSimulator, type Simulator } from './index.ts';

describe('demo avatars served by the simulator', () => {
  let sim: Simulator & RunningSimulator;
  beforeAll(async () => {
    sim = await startSimulator({ corp: { customers: 5, guides: 1, groups: 0 } });
  });
  afterAll(async () => sim?.close());

  it('gives every demo contact and member an avatar on the simulator, drawn the same at every request', async () => {
    const o = demoOptions({ customers: 5, guides: 1, groups: 0 });
    const urls = [demoCustomer(o, 0).avatar, demoCustomer(o, 1).avatar, demoDirectory(o).staff[0]?.avatar ?? ''];
    for (const url of urls) expect(url).toMatch(/^\/sim\/avatar\/[A-Za-z0-9]+\.svg$/);
    const first = await fetch(`${sim.url}${urls[0]}`);
    expect(first.status).toBe(200);
    expect(first.headers.get('content-type')).toContain('image/svg+xml');
    const svg = await first.text();
    expect(svg).toMatch(/^<svg xmlns="http:\/\/www.w3.org\/2000\/svg"[^>]*>.*<\/svg>$/);
    expect(await (await fetch(`${sim.url}${urls[0]}`)).text()).toBe(svg);
    expect(await (await fetch(`${sim.url}${urls[1]}`)).text()).not.toBe(svg);
    expect((await fetch(`${sim.url}/sim/avatar/..%2Fx.svg`)).status).toBe(404);
  });
});
