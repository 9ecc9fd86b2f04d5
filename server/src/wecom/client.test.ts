import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { WecomClient, type WecomClientOptions } from './client.ts';
import { WecomApiError, WecomSchemaError, WecomTransportError, isRelationGone } from './errors.ts';

/**
 * A throwaway HTTP server standing in for qyapi.weixin.qq.com: each test sets
 * `handler` to answer the way WeCom would (test scaffolding, not a mock of our code).
 */
interface Recorded {
  path: string;
  query: URLSearchParams;
  body: unknown;
}
type Handler = (req: Recorded, res: ServerResponse) => void | Promise<void>;

let server: Server;
let base = '';
let handler: Handler;
let requests: Recorded[] = [];
let seq = 0;

function json(res: ServerResponse, body: unknown, status = 200): void {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(body));
}

async function readBody(req: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  for await (const c of req) chunks.push(c as Buffer);
  const text = Buffer.concat(chunks).toString('utf8');
  return text ? JSON.parse(text) : undefined;
}

/** Answers gettoken with token-1, token-2, … and counts the calls. */
function tokenIssuer() {
  let n = 0;
  return {
    get count() {
      return n;
    },
    answer(res: ServerResponse) {
      n++;
      json(res, { errcode: 0, errmsg: 'ok', access_token: `token-${n}`, expires_in: 7200 });
    },
  };
}

function client(extra: Partial<WecomClientOptions> = {}): WecomClient {
  // A fresh secret per client keeps the process-wide token cache from leaking between tests.
  seq++;
  return new WecomClient({
    apiBase: base,
    corpId: 'wwtest',
    secret: `secret-${seq}-${Math.random()}`,
    retry: { maxAttempts: 3, baseDelayMs: 1, maxDelayMs: 5, budget: 100 },
    timeoutMs: 2000,
    ...extra,
  });
}

const calls = (path: string) => requests.filter((r) => r.path === path);

beforeAll(async () => {
  server = createServer((req, res) => {
    void (async () => {
      const url = new URL(req.url ?? '/', 'http://x');
      const rec: Recorded = { path: url.pathname, query: url.searchParams, body: await readBody(req) };
      requests.push(rec);
      await handler(rec, res);
    })().catch(() => {
      res.writeHead(500).end();
    });
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise<void>((done) => server.close(() => done()));
});
beforeEach(() => {
  requests = [];
});

describe('WecomClient access token', () => {
  it('N concurrent calls share ONE gettoken (single flight) and send the token as a query parameter', async () => {
    const tokens = tokenIssuer();
    handler = async (req, res) => {
      if (req.path === '/cgi-bin/gettoken') {
        expect(req.query.get('corpid')).toBe('wwtest');
        await new Promise((r) => setTimeout(r, 30));
        return tokens.answer(res);
      }
      expect(req.query.get('access_token')).toBe('token-1');
      json(res, { errcode: 0, errmsg: 'ok', follow_user: ['zhangsan', 'lisi'] });
    };
    const c = client({ concurrencyPerEndpoint: 3 });
    const results = await Promise.all(Array.from({ length: 10 }, () => c.getFollowUserList()));
    expect(results.every((r) => r.join() === 'zhangsan,lisi')).toBe(true);
    expect(tokens.count).toBe(1);
    expect(calls('/cgi-bin/externalcontact/get_follow_user_list')).toHaveLength(10);
    // Later calls reuse the cached token.
    await c.getFollowUserList();
    expect(tokens.count).toBe(1);
  });

  it('42001 mid-stream drops the token, refreshes once and retries the call', async () => {
    const tokens = tokenIssuer();
    handler = (req, res) => {
      if (req.path === '/cgi-bin/gettoken') return tokens.answer(res);
      if (req.query.get('access_token') === 'token-1') return json(res, { errcode: 42001, errmsg: 'access_token expired' });
      json(res, { errcode: 0, errmsg: 'ok', department: [{ id: 1, name: '总部', parentid: 0, order: 1 }] });
    };
    const c = client();
    await expect(c.listDepartments()).resolves.toEqual([{ id: 1, name: '总部', parentid: 0, order: 1 }]);
    expect(tokens.count).toBe(2);
    expect(calls('/cgi-bin/department/list').map((r) => r.query.get('access_token'))).toEqual(['token-1', 'token-2']);
  });

  it('a token rejected twice (40014) is refreshed only once, then the error surfaces', async () => {
    const tokens = tokenIssuer();
    handler = (req, res) => {
      if (req.path === '/cgi-bin/gettoken') return tokens.answer(res);
      json(res, { errcode: 40014, errmsg: 'invalid access_token', department: [] });
    };
    const err = await client()
      .listDepartments()
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(WecomApiError);
    expect((err as WecomApiError).errcode).toBe(40014);
    expect(tokens.count).toBe(2);
  });

  it('a wrong secret (40001) fails at once with a typed error that names the path but never the secret', async () => {
    handler = (_req, res) => json(res, { errcode: 40001, errmsg: 'invalid credential' });
    const c = client({ secret: 'super-secret-value' });
    const err = await c.getFollowUserList().catch((e: unknown) => e);
    expect(err).toBeInstanceOf(WecomApiError);
    expect(err).toMatchObject({ errcode: 40001, path: '/cgi-bin/gettoken' });
    expect(String((err as Error).message)).not.toContain('super-secret-value');
    expect(requests).toHaveLength(1);
  });
});

describe('WecomClient retries', () => {
  it('45009 and -1 are retried with backoff and the call then succeeds', async () => {
    const tokens = tokenIssuer();
    let n = 0;
    handler = (req, res) => {
      if (req.path === '/cgi-bin/gettoken') return tokens.answer(res);
      n++;
      if (n === 1) return json(res, { errcode: 45009, errmsg: 'api freq out of limit' });
      if (n === 2) return json(res, { errcode: -1, errmsg: 'system busy' });
      json(res, { errcode: 0, errmsg: 'ok', follow_user: ['a'] });
    };
    await expect(client().getFollowUserList()).resolves.toEqual(['a']);
    expect(n).toBe(3);
  });

  it('-1 on every attempt gives up after maxAttempts with a typed WecomApiError', async () => {
    const tokens = tokenIssuer();
    handler = (req, res) => (req.path === '/cgi-bin/gettoken' ? tokens.answer(res) : json(res, { errcode: -1, errmsg: 'system busy' }));
    const err = await client()
      .getFollowUserList()
      .catch((e: unknown) => e);
    expect(err).toMatchObject({ name: 'WecomApiError', errcode: -1 });
    expect(calls('/cgi-bin/externalcontact/get_follow_user_list')).toHaveLength(3);
  });

  it('HTTP 502 is retried, then surfaces as a WecomTransportError with the status', async () => {
    const tokens = tokenIssuer();
    handler = (req, res) => {
      if (req.path === '/cgi-bin/gettoken') return tokens.answer(res);
      res.writeHead(502).end('bad gateway');
    };
    const err = await client()
      .getFollowUserList()
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(WecomTransportError);
    expect(err).toMatchObject({ kind: 'http', status: 502 });
    expect(calls('/cgi-bin/externalcontact/get_follow_user_list')).toHaveLength(3);
  });

  it('a timeout is retried and then reported as kind timeout', async () => {
    const tokens = tokenIssuer();
    handler = async (req, res) => {
      if (req.path === '/cgi-bin/gettoken') return tokens.answer(res);
      await new Promise((r) => setTimeout(r, 300));
      json(res, { errcode: 0, errmsg: 'ok', follow_user: [] });
    };
    const err = await client({ timeoutMs: 50, retry: { maxAttempts: 2, baseDelayMs: 1, maxDelayMs: 2, budget: 10 } })
      .getFollowUserList()
      .catch((e: unknown) => e);
    expect(err).toMatchObject({ name: 'WecomTransportError', kind: 'timeout' });
    expect(calls('/cgi-bin/externalcontact/get_follow_user_list')).toHaveLength(2);
  });

  it('a refused connection is a retried network error', async () => {
    const dead = createServer();
    await new Promise<void>((done) => dead.listen(0, '127.0.0.1', done));
    const port = (dead.address() as AddressInfo).port;
    await new Promise<void>((done) => dead.close(() => done()));
    const err = await client({ apiBase: `http://127.0.0.1:${port}` })
      .getFollowUserList()
      .catch((e: unknown) => e);
    expect(err).toMatchObject({ name: 'WecomTransportError', kind: 'network', path: '/cgi-bin/gettoken' });
  });

  it('the retry budget caps retries across calls', async () => {
    const tokens = tokenIssuer();
    handler = (req, res) =>
      req.path === '/cgi-bin/gettoken' ? tokens.answer(res) : json(res, { errcode: 45033, errmsg: 'api concurrent out of limit' });
    const c = client({ retry: { maxAttempts: 5, baseDelayMs: 1, maxDelayMs: 2, budget: 2 } });
    await expect(c.getFollowUserList()).rejects.toMatchObject({ errcode: 45033 });
    await expect(c.getFollowUserList()).rejects.toMatchObject({ errcode: 45033 });
    // 2 first attempts + the 2 retries the budget allowed.
    expect(calls('/cgi-bin/externalcontact/get_follow_user_list')).toHaveLength(4);
  });

  it('84061 is a typed "relation gone" error and is not retried', async () => {
    const tokens = tokenIssuer();
    handler = (req, res) =>
      req.path === '/cgi-bin/gettoken'
        ? tokens.answer(res)
        : json(res, { errcode: 84061, errmsg: 'not external contact, hint: [1646594702057801817545474]', follow_user: [] });
    const err = await client()
      .getExternalContact('wmGone')
      .catch((e: unknown) => e);
    expect(isRelationGone(err)).toBe(true);
    expect(err).toMatchObject({ path: '/cgi-bin/externalcontact/get' });
    expect(calls('/cgi-bin/externalcontact/get')).toHaveLength(1);
  });

  it('bounds concurrency per endpoint', async () => {
    const tokens = tokenIssuer();
    let inFlight = 0;
    let peak = 0;
    handler = async (req, res) => {
      if (req.path === '/cgi-bin/gettoken') return tokens.answer(res);
      inFlight++;
      peak = Math.max(peak, inFlight);
      await new Promise((r) => setTimeout(r, 20));
      inFlight--;
      json(res, { errcode: 0, errmsg: 'ok', follow_user: [] });
    };
    const c = client({ concurrencyPerEndpoint: 2 });
    await Promise.all(Array.from({ length: 8 }, () => c.getFollowUserList()));
    expect(peak).toBe(2);
  });
});

describe('WecomClient validation', () => {
  it('rejects a success response that does not match the documented shape, without retrying', async () => {
    const tokens = tokenIssuer();
    handler = (req, res) =>
      req.path === '/cgi-bin/gettoken'
        ? tokens.answer(res)
        : json(res, { errcode: 0, errmsg: 'ok', group_chat: { chat_id: 'wr1', owner: 'a', create_time: 'yesterday', member_list: [] } });
    const err = await client()
      .getGroupChat('wr1')
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(WecomSchemaError);
    expect((err as WecomSchemaError).issues.map((i) => i.path)).toEqual(
      expect.arrayContaining(['group_chat.name', 'group_chat.create_time']),
    );
    expect(calls('/cgi-bin/externalcontact/groupchat/get')).toHaveLength(1);
  });

  it('rejects non-JSON and envelope-less bodies', async () => {
    const tokens = tokenIssuer();
    let n = 0;
    handler = (req, res) => {
      if (req.path === '/cgi-bin/gettoken') return tokens.answer(res);
      n++;
      if (n === 1) return void res.writeHead(200).end('<html>');
      json(res, { follow_user: [] });
    };
    const c = client();
    await expect(c.getFollowUserList()).rejects.toMatchObject({ kind: 'invalid_body' });
    await expect(c.getFollowUserList()).rejects.toBeInstanceOf(WecomSchemaError);
  });

  it('accepts responses that omit every optional field (as the simulator may)', async () => {
    const tokens = tokenIssuer();
    handler = (req, res) => {
      if (req.path === '/cgi-bin/gettoken') return tokens.answer(res);
      if (req.path === '/cgi-bin/externalcontact/get_user_behavior_data') {
        return json(res, {
          errcode: 0,
          errmsg: 'ok',
          behavior_data: [{ stat_time: 1, chat_cnt: 0, message_cnt: 0, negative_feedback_cnt: 0, new_apply_cnt: 0, new_contact_cnt: 0 }],
        });
      }
      json(res, { errcode: 0, errmsg: 'ok', userid: 'zhangsan', name: '张三', department: [1] });
    };
    const c = client();
    await expect(c.getUser('zhangsan')).resolves.toEqual({ userid: 'zhangsan', name: '张三', department: [1] });
    const days = await c.getUserBehaviorData({ userid: ['zhangsan'], start_time: 1, end_time: 2 });
    expect(days[0]?.reply_percentage).toBeUndefined();
  });
});

describe('WecomClient pagination', () => {
  function contact(id: string) {
    return { external_userid: id, name: id, type: 1, gender: 0 };
  }

  it('iterateCustomersByUsers chunks userid_list by 100 and follows next_cursor to the end', async () => {
    const tokens = tokenIssuer();
    handler = (req, res) => {
      if (req.path === '/cgi-bin/gettoken') return tokens.answer(res);
      const body = req.body as { userid_list: string[]; cursor?: string; limit: number };
      const first = body.userid_list[0] ?? '';
      const page = body.cursor ? Number(body.cursor) : 0;
      const item = {
        external_contact: contact(`${first}-c${page}`),
        follow_info: { userid: first, remark: '', description: '', createtime: 1, tag_id: [], oper_userid: first, add_way: 1 },
      };
      json(res, { errcode: 0, errmsg: 'ok', external_contact_list: [item], next_cursor: page < 2 ? String(page + 1) : '' });
    };
    const users = Array.from({ length: 150 }, (_, i) => `u${i}`);
    const seen: string[] = [];
    for await (const page of client().iterateCustomersByUsers(users, { limit: 100 })) {
      seen.push(...page.map((p) => p.external_contact.external_userid));
    }
    expect(seen).toEqual(['u0-c0', 'u0-c1', 'u0-c2', 'u100-c0', 'u100-c1', 'u100-c2']);
    const sent = calls('/cgi-bin/externalcontact/batch/get_by_user').map((r) => r.body as { userid_list: string[]; limit: number });
    expect(sent.map((b) => b.userid_list.length)).toEqual([100, 100, 100, 50, 50, 50]);
    expect(sent.every((b) => b.limit === 100)).toBe(true);
  });

  it('getExternalContact follows next_cursor over follow_user pages and merges them', async () => {
    const tokens = tokenIssuer();
    handler = (req, res) => {
      if (req.path === '/cgi-bin/gettoken') return tokens.answer(res);
      const cursor = req.query.get('cursor');
      const fu = (u: string) => ({ userid: u, remark: '', description: '', createtime: 1, oper_userid: u, add_way: 0 });
      if (!cursor)
        return json(res, {
          errcode: 0,
          errmsg: 'ok',
          external_contact: contact('wm1'),
          follow_user: [fu('a'), fu('b')],
          next_cursor: 'NEXT',
        });
      json(res, { errcode: 0, errmsg: 'ok', external_contact: contact('wm1'), follow_user: [fu('c')] });
    };
    const detail = await client().getExternalContact('wm1');
    expect(detail.external_contact.external_userid).toBe('wm1');
    expect(detail.follow_user.map((f) => f.userid)).toEqual(['a', 'b', 'c']);
    expect(calls('/cgi-bin/externalcontact/get').map((r) => r.query.get('cursor'))).toEqual([null, 'NEXT']);
  });

  it('iterateGroupChats follows next_cursor with the filter and limit on every page', async () => {
    const tokens = tokenIssuer();
    handler = (req, res) => {
      if (req.path === '/cgi-bin/gettoken') return tokens.answer(res);
      const body = req.body as { cursor?: string };
      if (!body.cursor) return json(res, { errcode: 0, errmsg: 'ok', group_chat_list: [{ chat_id: 'wr1', status: 0 }], next_cursor: 'c2' });
      json(res, { errcode: 0, errmsg: 'ok', group_chat_list: [{ chat_id: 'wr2', status: 1 }], next_cursor: '' });
    };
    const ids: string[] = [];
    for await (const page of client().iterateGroupChats({ owner_filter: { userid_list: ['zhangsan'] } }, { limit: 2 }))
      ids.push(...page.map((g) => g.chat_id));
    expect(ids).toEqual(['wr1', 'wr2']);
    expect(calls('/cgi-bin/externalcontact/groupchat/list').map((r) => r.body)).toEqual([
      { owner_filter: { userid_list: ['zhangsan'] }, limit: 2 },
      { owner_filter: { userid_list: ['zhangsan'] }, cursor: 'c2', limit: 2 },
    ]);
  });

  it('a repeating next_cursor stops with an error instead of looping forever', async () => {
    const tokens = tokenIssuer();
    handler = (req, res) =>
      req.path === '/cgi-bin/gettoken'
        ? tokens.answer(res)
        : json(res, { errcode: 0, errmsg: 'ok', group_chat_list: [], next_cursor: 'SAME' });
    const run = async () => {
      for await (const _ of client().iterateGroupChats()) {
        /* drain */
      }
    };
    await expect(run()).rejects.toMatchObject({ kind: 'invalid_body' });
  });
});

describe('WecomClient tickets and identity', () => {
  it('caches jsapi and agent_config tickets (single flight) with the documented query', async () => {
    const tokens = tokenIssuer();
    handler = async (req, res) => {
      if (req.path === '/cgi-bin/gettoken') return tokens.answer(res);
      await new Promise((r) => setTimeout(r, 10));
      if (req.path === '/cgi-bin/get_jsapi_ticket') return json(res, { errcode: 0, errmsg: 'ok', ticket: 'corp-ticket', expires_in: 7200 });
      expect(req.query.get('type')).toBe('agent_config');
      json(res, { errcode: 0, errmsg: 'ok', ticket: 'agent-ticket', expires_in: 7200 });
    };
    const c = client();
    const all = await Promise.all([c.getJsapiTicket(), c.getJsapiTicket(), c.getAgentConfigTicket(), c.getAgentConfigTicket()]);
    expect(all).toEqual(['corp-ticket', 'corp-ticket', 'agent-ticket', 'agent-ticket']);
    await c.getJsapiTicket();
    expect(calls('/cgi-bin/get_jsapi_ticket')).toHaveLength(1);
    expect(calls('/cgi-bin/ticket/get')).toHaveLength(1);
  });

  it('getUserInfoByCode returns the member userid, and 40029 is a typed error', async () => {
    const tokens = tokenIssuer();
    handler = (req, res) => {
      if (req.path === '/cgi-bin/gettoken') return tokens.answer(res);
      if (req.query.get('code') === 'good') return json(res, { errcode: 0, errmsg: 'ok', userid: 'zhangsan' });
      json(res, { errcode: 40029, errmsg: 'invalid code' });
    };
    const c = client();
    await expect(c.getUserInfoByCode('good')).resolves.toEqual({ userid: 'zhangsan' });
    await expect(c.getUserInfoByCode('used')).rejects.toMatchObject({ errcode: 40029 });
  });
});
