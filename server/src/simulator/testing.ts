import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { z } from 'zod';
import type { Simulator, RunningSimulator } from './simulator.ts';

/**
 * Test helpers for talking to a running simulator over HTTP exactly as a
 * WeCom client would (token in the query string, JSON bodies).
 */
export interface WxTestClient {
  token(): Promise<string>;
  get(path: string, query?: Record<string, string>): Promise<{ status: number; json: Record<string, unknown> }>;
  post(path: string, body: unknown, query?: Record<string, string>): Promise<{ status: number; json: Record<string, unknown> }>;
  admin(path: string, body?: unknown): Promise<{ status: number; json: Record<string, unknown> }>;
}

const jsonObject = z.record(z.string(), z.unknown());

async function readJson(res: Response): Promise<Record<string, unknown>> {
  const text = await res.text();
  if (!(res.headers.get('content-type') ?? '').includes('json') || text === '') return {};
  const parsed = jsonObject.safeParse(JSON.parse(text));
  return parsed.success ? parsed.data : {};
}

export function wxClient(sim: Simulator & RunningSimulator): WxTestClient {
  let token: string | undefined;
  const url = (path: string, query: Record<string, string>) => `${sim.url}${path}?${new URLSearchParams(query).toString()}`;
  const client: WxTestClient = {
    async token() {
      if (token) return token;
      const r = await client.get('/cgi-bin/gettoken', { corpid: sim.corp.corpId, corpsecret: sim.corp.secret });
      const t = z.object({ access_token: z.string() }).parse(r.json).access_token;
      token = t;
      return t;
    },
    async get(path, query = {}) {
      const q = path === '/cgi-bin/gettoken' || 'access_token' in query ? query : { access_token: await client.token(), ...query };
      const res = await fetch(url(path, q));
      return { status: res.status, json: await readJson(res) };
    },
    async post(path, body, query = {}) {
      const q = 'access_token' in query ? query : { access_token: await client.token(), ...query };
      const res = await fetch(url(path, q), {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
      return { status: res.status, json: await readJson(res) };
    },
    async admin(path, body) {
      const res = await fetch(
        `${sim.url}/sim/admin${path}`,
        body === undefined ? {} : { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) },
      );
      return { status: res.status, json: await readJson(res) };
    },
  };
  return client;
}

export interface ReceivedCallback {
  method: string;
  query: URLSearchParams;
  body: string;
}

/** A callback receiver on an ephemeral port; `respond` decides each answer (status, or 'hang' to never answer). */
export async function startReceiver(
  respond: (n: number, req: ReceivedCallback) => number | 'hang' | { status: number; body: string } = () => 200,
) {
  const received: ReceivedCallback[] = [];
  const hanging: ServerResponse[] = [];
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const u = new URL(req.url ?? '/', 'http://x');
      const entry = { method: req.method ?? '', query: u.searchParams, body: Buffer.concat(chunks).toString('utf8') };
      received.push(entry);
      const answer = respond(received.length, entry);
      if (answer === 'hang') {
        hanging.push(res);
        return;
      }
      if (typeof answer === 'number') {
        res.statusCode = answer;
        res.end('');
        return;
      }
      res.statusCode = answer.status;
      res.end(answer.body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}/wecom/callback`,
    received,
    close: () =>
      new Promise<void>((resolve) => {
        for (const r of hanging) r.destroy();
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
