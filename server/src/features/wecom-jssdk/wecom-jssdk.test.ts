import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { jssdkConfigResponseSchema } from '@shared/api/auth.ts';
import { sessionHeaders } from '../../../../tests/support/auth.ts';
import { wecomClientFor } from '@server/wecom/client.ts';
import { startSimApp, type SimApp } from '../../../../tests/support/sim-app.ts';
import { jssdkSignature } from './signature.ts';

describe('JS-SDK signatures', () => {
  it('matches the official example of wecom-api.md §8 (and ignores the #fragment)', () => {
    const ticket = 'sM4AOVdWfPE4DxkXGEs8VMCPGGVi4C3VM0P37wVUCFvkVAy_90u5h9nbSlYy3-Sl-HhTdfl2fzFy1AOcHKP7qg';
    expect(jssdkSignature(ticket, 'Wm3WZYTPz0wzccnW', 1414587457, 'http://mp.weixin.qq.com?params=value')).toBe(
      '0f9de62fce790f9a083d5c99e95740ceb90c27ed',
    );
    expect(jssdkSignature(ticket, 'Wm3WZYTPz0wzccnW', 1414587457, 'http://mp.weixin.qq.com?params=value#/customer/1')).toBe(
      '0f9de62fce790f9a083d5c99e95740ceb90c27ed',
    );
    expect(jssdkSignature(ticket, 'Wm3WZYTPz0wzccnW', 1414587457, 'http://mp.weixin.qq.com')).toBe(
      'f4d90daf4b3bca3078ab155816175ba34c443a7b',
    );
  });

  describe('GET /api/wecom/jssdk-config against the simulator', () => {
    let s: SimApp;
    let headers: Record<string, string>;
    beforeAll(async () => {
      s = await startSimApp({}, { customers: 4, guides: 2, groups: 0 });
      const rows: Array<{ userid: string }> = await s.app.deps.ds.query('SELECT userid FROM staff WHERE status = 1 LIMIT 1');
      headers = await sessionHeaders(s.app, rows[0]!.userid);
    });
    afterAll(async () => s.stop());

    it('signs config with the corp jsapi_ticket and agentConfig with the agent_config ticket', async () => {
      const url = 'http://127.0.0.1:3000/sidebar/?entry=single_chat_tools';
      const res = await s.app.request(`/api/wecom/jssdk-config?url=${encodeURIComponent(`${url}#/customer`)}`, { headers });
      expect(res.status).toBe(200);
      const body = jssdkConfigResponseSchema.parse(await res.json());
      expect(body.corpId).toBe(s.sim.corp.corpId);
      expect(body.agentId).toBe(s.sim.corp.agentId);
      const client = wecomClientFor(s.app.deps);
      const [corpTicket, agentTicket] = [await client.getJsapiTicket(), await client.getAgentConfigTicket()];
      expect(corpTicket).not.toBe(agentTicket);
      const sha1 = (ticket: string, sig: { nonceStr: string; timestamp: number }) =>
        createHash('sha1').update(`jsapi_ticket=${ticket}&noncestr=${sig.nonceStr}&timestamp=${sig.timestamp}&url=${url}`).digest('hex');
      expect(body.config.signature).toBe(sha1(corpTicket, body.config));
      expect(body.agentConfig.signature).toBe(sha1(agentTicket, body.agentConfig));
      expect(Math.abs(body.config.timestamp - Date.now() / 1000)).toBeLessThan(60);
    });

    it('needs a session and a url', async () => {
      expect((await s.app.request('/api/wecom/jssdk-config?url=x')).status).toBe(401);
      expect((await s.app.request('/api/wecom/jssdk-config', { headers })).status).toBe(400);
    });
  });
});
