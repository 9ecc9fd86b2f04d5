import { afterEach, describe, expect, it } from 'vitest';
import { departmentListResponseSchema, tokenResponseSchema } from '@server/wecom/schemas.ts';
import { startSimulator, type RunningSimulator, type Simulator } from './index.ts';
import { wxClient } from './testing.ts';

const CORP = { customers: 40, guides: 3, groups: 2 };
const B = '/cgi-bin';
let sim: (Simulator & RunningSimulator) | undefined;

afterEach(async () => {
  await sim?.close();
  sim = undefined;
});

async function start(switches = {}) {
  sim = await startSimulator({ corp: CORP, switches });
  return { sim, wx: wxClient(sim) };
}

describe('simulator switches', () => {
  it('a short token lifetime makes calls answer 42001 once the token expires, and gettoken then issues a new token', async () => {
    const { sim, wx } = await start();
    const set = await wx.admin('/switches', { tokenTtlSeconds: 1 });
    expect(set.json.tokenTtlSeconds).toBe(1);
    const tok = tokenResponseSchema.parse((await wx.get(`${B}/gettoken`, { corpid: sim.corp.corpId, corpsecret: sim.corp.secret })).json);
    expect(tok.expires_in).toBe(1);
    expect((await wx.get(`${B}/department/list`, { access_token: tok.access_token })).json.errcode).toBe(0);
    await new Promise((r) => setTimeout(r, 1100));
    expect((await wx.get(`${B}/department/list`, { access_token: tok.access_token })).json.errcode).toBe(42001);
    const next = tokenResponseSchema.parse((await wx.get(`${B}/gettoken`, { corpid: sim.corp.corpId, corpsecret: sim.corp.secret })).json);
    expect(next.access_token).not.toBe(tok.access_token);
  });

  it('POST /sim/admin/tokens/expire expires every token at once (42001)', async () => {
    const { wx } = await start();
    const token = await wx.token();
    expect((await wx.admin('/tokens/expire', {})).status).toBe(200);
    expect((await wx.get(`${B}/department/list`, { access_token: token })).json.errcode).toBe(42001);
  });

  it('the per-endpoint rate limit answers 45009 past the limit while other endpoints still work', async () => {
    const { wx } = await start({ rateLimitPerMin: 3 });
    const codes: unknown[] = [];
    for (let i = 0; i < 5; i++) codes.push((await wx.get(`${B}/department/list`)).json.errcode);
    expect(codes).toEqual([0, 0, 0, 45009, 45009]);
    expect((await wx.get(`${B}/user/get`, { userid: 'guide_001' })).json.errcode).toBe(0);
  });

  it('the failure rate fails calls with errcode -1 or HTTP 502, reproducibly for the same seed', async () => {
    const { wx } = await start();
    await wx.token();
    const run = async () => {
      await wx.admin('/switches', { failureRate: 0.5, seed: 7 });
      const outcomes: string[] = [];
      for (let i = 0; i < 30; i++) {
        const r = await wx.get(`${B}/department/list`);
        outcomes.push(r.status === 502 ? '502' : String(r.json.errcode));
      }
      await wx.admin('/switches', { failureRate: 0 });
      return outcomes;
    };
    const first = await run();
    expect(first).toContain('502');
    expect(first).toContain('-1');
    expect(first).toContain('0');
    expect(await run()).toEqual(first);
  });

  it('latency delays every API call by the configured milliseconds', async () => {
    const { wx } = await start({ latencyMs: 120 });
    await wx.token();
    const t0 = performance.now();
    departmentListResponseSchema.parse((await wx.get(`${B}/department/list`)).json);
    expect(performance.now() - t0).toBeGreaterThanOrEqual(110);
  });

  it('GET /sim/admin/stats counts calls and errors per endpoint, and reset clears them', async () => {
    const { wx } = await start();
    await wx.get(`${B}/department/list`);
    await wx.get(`${B}/department/list`);
    await wx.get(`${B}/user/get`, { userid: 'nobody' });
    const stats = (await wx.admin('/stats')).json;
    expect(stats).toMatchObject({
      endpoints: {
        '/cgi-bin/gettoken': { calls: 1, errors: 0 },
        '/cgi-bin/department/list': { calls: 2, errors: 0 },
        '/cgi-bin/user/get': { calls: 1, errors: 1 },
      },
      total: 4,
    });
    await wx.admin('/stats/reset', {});
    expect((await wx.admin('/stats')).json.total).toBe(0);
  });

  it('admin rejects unknown or out-of-range switches with 400', async () => {
    const { wx } = await start();
    expect((await wx.admin('/switches', { failureRate: 2 })).status).toBe(400);
    expect((await wx.admin('/switches', { bogus: 1 })).status).toBe(400);
    expect((await wx.admin('/switches')).json).toMatchObject({ latencyMs: 0, rateLimitPerMin: 0, tokenTtlSeconds: 7200, failureRate: 0 });
  });
});
