import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { WecomClient } from './client.ts';
import { HttpFailure } from './http-failure.ts';
import { httpFor } from './http.ts';

/**
 * A server that closes a kept-alive connection when a second request arrives
 * on it, without answering: what a client meets when it reuses a pooled
 * socket the moment the server's keepAliveTimeout closes it.
 */
async function closingServer(answer: (req: IncomingMessage, res: ServerResponse) => void) {
  const served = new WeakMap<Socket, number>();
  const stats = { connections: 0, requests: 0, dropped: 0 };
  const server: Server = createServer((req, res) => {
    stats.requests++;
    const n = (served.get(req.socket) ?? 0) + 1;
    served.set(req.socket, n);
    if (n > 1) {
      stats.dropped++;
      req.socket.destroy();
      return;
    }
    answer(req, res);
  });
  server.on('connection', () => stats.connections++);
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  closers.push(
    () =>
      new Promise<void>((done) => {
        server.closeAllConnections();
        server.close(() => done());
      }),
  );
  return { url, stats };
}

const closers: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const c of closers.splice(0)) await c();
});

const ok = (_req: IncomingMessage, res: ServerResponse) => res.end('ok');

describe('httpFor', () => {
  it('is one instance per origin', () => {
    expect(httpFor('http://127.0.0.1:9/a')).toBe(httpFor('http://127.0.0.1:9/b?x=1'));
    expect(httpFor('http://127.0.0.1:9')).not.toBe(httpFor('http://127.0.0.1:10'));
  });

  it('keeps connections alive between requests', async () => {
    const connections = { n: 0 };
    const server = createServer((_req, res) => res.end('ok'));
    server.on('connection', () => connections.n++);
    await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    closers.push(
      () =>
        new Promise<void>((done) => {
          server.closeAllConnections();
          server.close(() => done());
        }),
    );
    for (let i = 0; i < 3; i++) expect((await httpFor(url).get<string>('/')).data).toBe('ok');
    expect(connections.n).toBe(1);
  });

  it('sends a GET once more on a fresh socket when the reused one was closed', async () => {
    const { url, stats } = await closingServer(ok);
    const http = httpFor(url);
    expect((await http.get<string>('/first')).data).toBe('ok');
    expect((await http.get<string>('/second')).data).toBe('ok');
    expect(stats).toEqual({ connections: 2, requests: 3, dropped: 1 });
  });

  it('does not send a POST twice unless it opts in', async () => {
    const { url, stats } = await closingServer(ok);
    const http = httpFor(url);
    await http.get('/warm');
    const err = await http.post('/once', 'x').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(HttpFailure);
    expect(err).toMatchObject({ code: 'ECONNRESET', timedOut: false });
    expect(stats.requests).toBe(2);
    await http.get('/warm-again');
    expect((await http.post<string>('/again', 'x', { retryStaleSocket: true })).data).toBe('ok');
    expect(stats).toEqual({ connections: 3, requests: 5, dropped: 2 });
  });

  it('reports transport errors without the request config (no URL or token to leak into logs)', async () => {
    const dead = createServer();
    await new Promise<void>((done) => dead.listen(0, '127.0.0.1', done));
    const port = (dead.address() as AddressInfo).port;
    await new Promise<void>((done) => dead.close(() => done()));
    const err = await httpFor(`http://127.0.0.1:${port}`)
      .get('/cgi-bin/x', { params: { access_token: 'tok-secret' } })
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(HttpFailure);
    expect(err).toMatchObject({ code: 'ECONNREFUSED' });
    expect(JSON.stringify(err)).not.toContain('tok-secret');
    expect(String((err as Error).message)).not.toContain('tok-secret');
    expect(Object.keys(err as object)).not.toContain('config');
  });

  it('lets a WeCom call through a closed pooled socket without spending a retry', async () => {
    const { url, stats } = await closingServer((req, res) => {
      res.setHeader('content-type', 'application/json');
      if (req.url?.startsWith('/cgi-bin/gettoken'))
        return res.end(JSON.stringify({ errcode: 0, errmsg: 'ok', access_token: 't', expires_in: 7200 }));
      res.end(JSON.stringify({ errcode: 0, errmsg: 'ok', follow_user: ['a'] }));
    });
    const client = new WecomClient({ apiBase: url, corpId: 'wwstale', secret: `s-${Math.random()}`, retry: { maxAttempts: 1, budget: 0 } });
    await expect(client.getFollowUserList()).resolves.toEqual(['a']);
    expect(stats.dropped).toBe(1);
  });
});
